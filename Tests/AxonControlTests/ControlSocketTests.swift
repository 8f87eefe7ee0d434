#if os(Linux)
    import AxonControl
    import AxonCore
    import AxonTesting
    import Foundation
    import Testing

    @Suite(.serialized, .timeLimit(.minutes(1))) struct ControlSocketTests {
        @Test func shortRepoPathsKeepTheSocketInTheRepo() {
            let path = ControlSocketPath.resolve(repoRoot: "/r", session: "20261126T001617123Z-host-1a2b")
            #expect(path == "/r/.axon/sessions/20261126T001617123Z-host-1a2b.sock")
        }

        @Test func longRepoPathsMoveTheSocketUnderTmp() {
            let root = "/" + String(repeating: "deep/", count: 20) + "repo"
            let path = ControlSocketPath.resolve(repoRoot: root, session: "20261126T001617123Z-host-1a2b", uid: 1000)
            #expect(path.hasPrefix("/tmp/axon-1000/"))
            #expect(path.hasSuffix("-20261126T001617123Z-host-1a2b.sock"))
            #expect(path.utf8.count <= ControlSocketPath.maxLength)
            #expect(
                path == ControlSocketPath.resolve(repoRoot: root, session: "20261126T001617123Z-host-1a2b", uid: 1000))
            let other = ControlSocketPath.resolve(
                repoRoot: root + "2", session: "20261126T001617123Z-host-1a2b", uid: 1000)
            #expect(other != path, "keyed by the repo")
            let huge = ControlSocketPath.resolve(repoRoot: root, session: String(repeating: "s", count: 120), uid: 1000)
            #expect(huge.utf8.count <= ControlSocketPath.maxLength)
        }

        @Test func serverAndClientExchangeLinesAndTheDirectoryIsPrivate() async throws {
            let ws = try TemporaryWorkspace()
            defer { ws.remove() }
            let path = ControlSocketPath.resolve(repoRoot: ws.path, session: "s1")
            // A stale socket file from a crashed session is replaced.
            try FileManager.default.createDirectory(
                atPath: ws.path + "/.axon/sessions", withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: path, contents: nil))
            let server = try ControlServer(path: path)
            defer { server.close() }
            var st = stat()
            #expect(stat(ws.path + "/.axon/sessions", &st) == 0)
            #expect(st.st_mode & 0o777 == 0o700)

            let client = try ControlClient(path: path)
            try client.send(.request(id: "a", prompt: "hi", thread: nil))
            var incoming = server.incoming.makeAsyncIterator()
            guard case .message(let message, let connection)? = await incoming.next() else {
                Issue.record("no message")
                return
            }
            #expect(message == .request(id: "a", prompt: "hi", thread: nil))
            connection.send(.event(id: "a", event: .text("hel")))
            connection.send(.end(id: "a", result: ["status": "ok"]))
            var replies = client.replies.makeAsyncIterator()
            #expect(await replies.next() == .event(id: "a", event: .text("hel")))
            #expect(await replies.next() == .end(id: "a", result: ["status": "ok"]))

            // Several lines on one connection arrive in order.
            try client.send(.status(id: nil))
            _ = await incoming.next()
            client.close()
            guard case .disconnected? = await incoming.next() else {
                Issue.record("no disconnect")
                return
            }
            server.close()
            #expect(!FileManager.default.fileExists(atPath: path), "the socket is unlinked on close")
        }

        @Test func connectingToNoSessionIsAClearError() {
            #expect(throws: ControlError.self) { try ControlClient(path: "/tmp/axon-no-such-\(getpid()).sock") }
        }
    }
#endif
