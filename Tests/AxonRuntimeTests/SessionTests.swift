import AxonConfig
import AxonCore
import AxonRuntime
import AxonTesting
import AxonTrace
import Synchronization
import Testing

@Suite struct SessionTests {
    static let script = """
        rules:
          - match: loop
            turns:
              - tool_calls: [{name: list_files, arguments: {path: a}}]
              - tool_calls: [{name: list_files, arguments: {path: b}}]
              - tool_calls: [{name: list_files, arguments: {path: c}}]
              - text: finally done
          - match: many
            turns:
              - tool_calls: [{name: t1}, {name: t2}, {name: t3}]
              - text: after three
        default:
          - text: "echo: {{prompt}}"
        """

    func config(limits: Limits = .init()) -> FleetConfig {
        FleetConfig(
            models: [
                "offline": ModelSpec(
                    key: "offline", provider: .replay, script: "script.yaml",
                    price: Price(input: 1, output: 2))
            ],
            agents: ["default": AgentSpec(name: "default", model: "offline", limits: limits)],
            agentOrder: ["default"])
    }

    func withWorkspace(_ body: (TemporaryWorkspace) async throws -> Void) async throws {
        let ws = try TemporaryWorkspace(files: ["script.yaml": Self.script])
        defer { ws.remove() }
        try await body(ws)
    }

    @Test func requestStreamsAndBills() async throws {
        try await withWorkspace { ws in
            let session = try await Session.start(
                config: config(), agent: "default", shape: .oneshot, workspace: Workspace(root: ws.path),
                environment: [:])
            let pieces = Pieces()
            let result = try await session.request("hi there") { event in
                if case .textDelta(let t) = event { pieces.add(t) }
            }
            await session.end(reason: "completed")
            #expect(result.status == .ok)
            #expect(result.text == "echo: hi there")
            #expect(pieces.joined == "echo: hi there")
            #expect(result.usage.inputTokens > 0)
            let expected = (Double(result.usage.inputTokens) * 1 + Double(result.usage.outputTokens) * 2) / 1_000_000
            #expect(abs(result.costUSD - expected) < 1e-12)
            #expect(result.thread.rawValue == result.session.rawValue)
            #expect(result.request == "r1")
        }
    }

    @Test func failingToolCallsAreAnsweredAndTheLoopContinues() async throws {
        try await withWorkspace { ws in
            let session = try await Session.start(
                config: config(), agent: "default", shape: .oneshot, workspace: Workspace(root: ws.path),
                environment: [:])
            let result = try await session.request("loop please", thread: "t")
            await session.end(reason: "completed")
            #expect(result.status == .ok)
            #expect(result.text == "finally done")
            let entries = try TraceReader.read(path: try #require(ws.traceFiles().first)).entries
            let results = entries.compactMap { e -> Bool? in
                if case .toolResult(_, _, let ok, let content, _) = e.event {
                    #expect(content.contains("is not a directory"))
                    return ok
                }
                return nil
            }
            #expect(results == [false, false, false])
            #expect(entries.filter { if case .modelCall = $0.event { true } else { false } }.count == 4)
            #expect(entries.allSatisfy { $0.thread == nil || $0.thread == "t" })
        }
    }

    @Test func maxTurnsCapsTheRequest() async throws {
        try await withWorkspace { ws in
            let session = try await Session.start(
                config: config(limits: Limits(maxTurns: 2)), agent: "default", shape: .oneshot,
                workspace: Workspace(root: ws.path), environment: [:])
            let result = try await session.request("loop")
            await session.end(reason: "completed")
            #expect(result.status == .capped)
            #expect(result.error?.contains("max_turns (2)") == true)
        }
    }

    @Test func maxToolCallsCapsTheRequest() async throws {
        try await withWorkspace { ws in
            let session = try await Session.start(
                config: config(limits: Limits(maxToolCalls: 2)), agent: "default", shape: .oneshot,
                workspace: Workspace(root: ws.path), environment: [:])
            let result = try await session.request("many")
            await session.end(reason: "completed")
            #expect(result.status == .capped)
            #expect(result.error?.contains("max_tool_calls (2)") == true)
        }
    }

    @Test func traceHasTheWholeSessionInOrder() async throws {
        try await withWorkspace { ws in
            let session = try await Session.start(
                config: config(), agent: "default", shape: .oneshot, workspace: Workspace(root: ws.path),
                environment: [:])
            _ = try await session.request("one")
            _ = try await session.request("two")
            await session.end(reason: "completed")
            let lines = try TraceLines.read(try #require(ws.traceFiles().first))
            #expect(
                TraceLines.types(lines) == [
                    "session.start",
                    "request.start", "message", "model.call", "message", "request.end",
                    "request.start", "message", "model.call", "message", "request.end",
                    "session.end",
                ])
            #expect(lines.map { $0["seq"]?.intValue } == (1...12).map { $0 })
            #expect(lines[5]["request"]?.stringValue == "r1")
            #expect(lines[10]["request"]?.stringValue == "r2")
            #expect(lines[11]["requests"]?.intValue == 2)
        }
    }

    @Test func unknownAgentIsAUsageError() async throws {
        try await withWorkspace { ws in
            await #expect {
                _ = try await Session.start(
                    config: config(), agent: "ghost", shape: .oneshot, workspace: Workspace(root: ws.path),
                    environment: [:])
            } throws: { error in
                (error as? RuntimeError)?.isUsageError == true
            }
        }
    }
}

/// Collects streamed pieces from a `@Sendable` callback.
final class Pieces: Sendable {
    private let items = Mutex<[String]>([])
    func add(_ s: String) { items.withLock { $0.append(s) } }
    var joined: String { items.withLock { $0.joined() } }
}
