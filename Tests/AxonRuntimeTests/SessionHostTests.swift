#if os(Linux)
    import AxonConfig
    import AxonControl
    import AxonCore
    import AxonRuntime
    import AxonTesting
    import AxonTrace
    import Foundation
    import Synchronization
    import Testing

    /// A session served on its control socket: requests, events, `end`, and cancel mid-stream.
    @Suite(.serialized, .timeLimit(.minutes(1))) struct SessionHostTests {
        static let script = """
            rules:
              - match: slow
                turns:
                  - text: "one two three four five six seven eight nine ten eleven twelve"
                    delay_ms: 150
            default:
              - text: "echo: {{prompt}}"
            """

        func config() -> FleetConfig {
            FleetConfig(
                models: ["offline": ModelSpec(key: "offline", provider: .replay, script: "script.yaml")],
                agents: ["default": AgentSpec(name: "default", model: "offline")], agentOrder: ["default"])
        }

        func withHost(
            onShutdown: @escaping @Sendable () -> Void = {},
            _ body: (ControlClient, TemporaryWorkspace, Session) async throws -> Void
        ) async throws {
            let ws = try TemporaryWorkspace(files: ["script.yaml": Self.script])
            defer { ws.remove() }
            let session = try await Session.start(
                config: config(), agent: "default", shape: .script, workspace: Workspace(root: ws.path),
                environment: [:])
            let server = try ControlServer(
                path: ControlSocketPath.resolve(repoRoot: ws.path, session: session.id.rawValue))
            let host = SessionHost(session: session, server: server, onShutdown: onShutdown)
            let serving = Task { await host.serve() }
            let client = try ControlClient(path: server.path)
            try await body(client, ws, session)
            client.close()
            server.close()
            await host.drain()
            serving.cancel()
            await session.end(reason: "completed")
        }

        @Test func aRequestStreamsEventsThenEnds() async throws {
            try await withHost { client, _, session in
                try client.send(.request(id: "a", prompt: "hi", thread: nil))
                var text = ""
                var result: JSONValue?
                for await reply in client.replies {
                    if case .event(_, .text(let t)) = reply { text += t }
                    if case .end(let id, let r) = reply {
                        #expect(id == "a")
                        result = r
                        break
                    }
                }
                #expect(text == "echo: hi")
                #expect(result?["status"]?.stringValue == "ok")
                #expect(result?["session"]?.stringValue == session.id.rawValue)
                try client.send(.status(id: "s"))
                for await reply in client.replies {
                    guard case .status(let id, let fields) = reply else { continue }
                    #expect(id == "s")
                    #expect(fields["requests"] == .int(1))
                    #expect(fields["shape"] == .string("script"))
                    break
                }
            }
        }

        @Test func cancelMidStreamEndsTheRequestCancelledAndTraced() async throws {
            try await withHost { client, ws, _ in
                try client.send(.request(id: "slow1", prompt: "a slow story", thread: nil))
                var events = 0
                var result: JSONValue?
                for await reply in client.replies {
                    if case .event(_, .text) = reply {
                        events += 1
                        if events == 1 { try client.send(.cancel(id: "slow1")) }
                    }
                    if case .end(_, let r) = reply {
                        result = r
                        break
                    }
                }
                #expect(events < 12, "the turn stopped early")
                #expect(result?["status"]?.stringValue == "cancelled")
                let trace = try TraceLines.read(try #require(ws.traceFiles().first))
                let end = try #require(trace.last { $0["type"]?.stringValue == "request.end" })
                #expect(end["status"]?.stringValue == "cancelled")

                try client.send(.cancel(id: "nope"))
                for await reply in client.replies {
                    guard case .error(let id, let code, _) = reply else { continue }
                    #expect(id == "nope")
                    #expect(code == "unknown_request")
                    break
                }
            }
        }

        @Test func cancelOfAQueuedRequestAnswersCancelledAndLeavesNoTrace() async throws {
            try await withHost { client, ws, _ in
                try client.send(.request(id: "slow1", prompt: "a slow story", thread: nil))
                var queued = false
                var outcomes: [String] = []
                for await reply in client.replies {
                    if case .event(_, .text) = reply, !queued {
                        // slow1 runs: q2 waits for its turn and is cancelled there.
                        queued = true
                        try client.send(.request(id: "q2", prompt: "queued and doomed", thread: nil))
                        try client.send(.cancel(id: "q2"))
                    }
                    if case .error(let id, let code, _) = reply { outcomes.append("\(id ?? "-") \(code)") }
                    if case .end(let id, let result) = reply {
                        outcomes.append("\(id) \(result["status"]?.stringValue ?? "?")")
                        if id == "slow1" { break }
                    }
                }
                // Answered at once, while slow1 still streams; slow1 is not disturbed.
                #expect(outcomes == ["q2 cancelled", "slow1 ok"])
                let trace = try TraceLines.read(try #require(ws.traceFiles().first))
                #expect(!trace.contains { $0.serialized().contains("doomed") })
                #expect(trace.filter { $0["type"]?.stringValue == "request.start" }.count == 1)
            }
        }

        @Test func shutdownCancelsAndTellsTheOwnerAndReservedTypesAreRefused() async throws {
            let asked = ShutdownFlag()
            try await withHost(onShutdown: { asked.set() }) { client, _, _ in
                try client.send(.snapshot(id: "g"))
                try client.send(.shutdown(id: "bye"))
                var codes: [String] = []
                for await reply in client.replies {
                    if case .error(_, let code, _) = reply { codes.append(code) }
                    if case .status(let id, _) = reply, id == "bye" { break }
                }
                #expect(codes == ["unsupported"])
                #expect(asked.value)
            }
        }
    }

    final class ShutdownFlag: Sendable {
        private let flag = Mutex(false)
        func set() { flag.withLock { $0 = true } }
        var value: Bool { flag.withLock { $0 } }
    }
#endif
