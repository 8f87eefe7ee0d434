#if os(Linux)
    import AxonConfig
    import AxonCore
    import AxonRuntime
    import AxonTesting
    import AxonTrace
    import Foundation
    import Testing

    /// A session whose disk fills up refuses new requests with a clear error; its trace stays valid.
    @Suite(.serialized, .timeLimit(.minutes(1))) struct SessionDiskFullTests {
        @Test func aFullDiskFailsTheRequestThenRefusesAndKeepsTheTraceValid() async throws {
            let ws = try TemporaryWorkspace(files: ["data/sessions/.keep": ""])
            defer { ws.remove() }
            guard let mount = TmpfsMount(path: ws.sessionsDirectory, size: "16k") else {
                print("SessionDiskFullTests: skipped (needs root to mount a tmpfs)")
                return
            }
            defer { mount.unmount() }
            let session = try await Session.start(
                config: .builtIn, agent: .default, shape: .oneshot, workspace: Workspace(root: ws.path),
                environment: [:])
            // Leave almost no room: the next request's lines cannot all be written.
            let filler = ws.sessionsDirectory + "/filler"
            _ = FileManager.default.createFile(atPath: filler, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: filler))
            while (try? handle.write(contentsOf: Data(repeating: 0x61, count: 512))) != nil {}
            try? handle.close()

            await #expect {
                _ = try await session.request(String(repeating: "a long prompt ", count: 1_000))
            } throws: { error in
                (error as? RuntimeError)?.description.lowercased().contains("disk full") == true
            }
            await #expect {
                _ = try await session.request("again")
            } throws: { error in
                let text = (error as? RuntimeError)?.description ?? ""
                return text.contains("refuses new requests") && text.lowercased().contains("disk full")
            }
            await session.end(reason: "failed")

            let trace = try #require(ws.traceFiles().first)
            let read = try TraceReader.read(path: trace)
            #expect(read.tornTail == nil)
            #expect(read.entries.first.map { $0.event.type } == "session.start")
            #expect(read.entries.map(\.seq) == Array(1...read.entries.count))
        }
    }
#endif
