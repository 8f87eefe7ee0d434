import AxonConfig
import AxonCore
import AxonRuntime
import AxonTesting
import AxonTrace
import Foundation
import Testing

/// Tools inside the request loop: trace entries, redaction, caps and the loop guard.
@Suite struct ToolRunTests {
    static let script = """
        rules:
          - match: env
            turns:
              - tool_calls: [{name: read_file, arguments: {path: .env}}]
              - text: "saw {{last_tool_result}}"
          - match: leak
            turns:
              - tool_calls: [{name: read_file, arguments: {path: data/sk-very-secret-value.txt}}]
              - text: "said {{last_tool_result}}"
          - match: escape
            turns:
              - tool_calls: [{name: read_file, arguments: {path: ../outside}}]
              - text: "said {{last_tool_result}}"
          - match: same
            turns:
              - tool_calls: [{name: list_files, arguments: {path: data}}]
              - tool_calls: [{name: list_files, arguments: {path: data}}]
              - tool_calls: [{name: list_files, arguments: {path: data}}]
              - text: never
          - match: spend
            turns:
              - text: "a fairly long answer that costs something"
                tool_calls: [{name: list_files}]
              - text: never
        default:
          - text: "echo: {{prompt}}"
        """

    func config(policy: PolicySpec = .init(), limits: Limits = .init()) -> FleetConfig {
        FleetConfig(
            models: [
                "offline": ModelSpec(
                    key: "offline", provider: .replay, apiKeyEnv: "DEMO_API_KEY", script: "script.yaml",
                    price: Price(input: 1000, output: 1000))
            ],
            agents: ["default": AgentSpec(name: "default", model: "offline", policy: policy, limits: limits)],
            agentOrder: ["default"])
    }

    func start(_ ws: TemporaryWorkspace, _ config: FleetConfig, env: [String: String] = [:]) async throws -> Session {
        try await Session.start(
            config: config, agent: "default", shape: .oneshot, workspace: Workspace(root: ws.path), environment: env)
    }

    func workspace() throws -> TemporaryWorkspace {
        try TemporaryWorkspace(files: [
            "script.yaml": Self.script, ".env": "DEMO_API_KEY=sk-very-secret-value\n", "data/a.md": "a",
        ])
    }

    @Test func secretsReadByAToolNeverReachTheTrace() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        let session = try await start(ws, config(), env: ["DEMO_API_KEY": "sk-very-secret-value"])
        let result = try await session.request("show env")
        await session.end(reason: "completed")
        #expect(result.status == .ok)
        let text = try String(contentsOfFile: try #require(ws.traceFiles().first), encoding: .utf8)
        #expect(!text.contains("sk-very-secret-value"))
        #expect(text.contains("\"type\":\"tool.result\""))
    }

    @Test func secretsInToolErrorsAreRedactedToo() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        let session = try await start(ws, config(), env: ["DEMO_API_KEY": "sk-very-secret-value"])
        let result = try await session.request("leak it")
        await session.end(reason: "completed")
        #expect(result.status == .ok)
        let text = try String(contentsOfFile: try #require(ws.traceFiles().first), encoding: .utf8)
        #expect(text.contains("does not exist"))
        #expect(!text.contains("sk-very-secret-value"))
    }

    @Test func refusalIsAToolErrorAndAPolicyDeniedEntry() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        let session = try await start(ws, config())
        let result = try await session.request("escape please")
        await session.end(reason: "completed")
        #expect(result.status == .ok)
        #expect(result.text.contains("said error: policy_denied"))
        let lines = try TraceLines.read(try #require(ws.traceFiles().first))
        let error = try #require(lines.first { $0["type"]?.stringValue == "error" })
        #expect(error["code"]?.stringValue == "policy_denied")
        let toolResult = try #require(lines.first { $0["type"]?.stringValue == "tool.result" })
        #expect(toolResult["ok"] == .bool(false))
    }

    @Test func theSameCallThreeTimesInARowStopsAsLooping() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        let session = try await start(ws, config())
        let result = try await session.request("same again")
        await session.end(reason: "completed")
        #expect(result.status == .looping)
        let lines = try TraceLines.read(try #require(ws.traceFiles().first))
        #expect(lines.contains { $0["type"]?.stringValue == "error" && $0["code"]?.stringValue == "looping" })
        #expect(lines.filter { $0["type"]?.stringValue == "tool.result" && $0["ok"] == .bool(true) }.count == 2)
        #expect(lines.last { $0["type"]?.stringValue == "request.end" }?["status"]?.stringValue == "looping")
    }

    @Test func maxUSDCapsTheRequest() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        let session = try await start(ws, config(limits: Limits(maxUSD: 0.001)))
        let result = try await session.request("spend it")
        await session.end(reason: "completed")
        #expect(result.status == .capped)
        #expect(result.error?.contains("max_usd") == true)
        let lines = try TraceLines.read(try #require(ws.traceFiles().first))
        #expect(lines.contains { $0["type"]?.stringValue == "error" && $0["code"]?.stringValue == "max_usd" })
    }

    @Test func maxUSDCapsTheSession() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        let session = try await start(ws, config(limits: Limits(maxUSD: 0.001)))
        let first = try await session.request("hello")
        #expect(first.status == .ok)
        let second = try await session.request("hello again")
        await session.end(reason: "completed")
        #expect(second.status == .capped)
        #expect(second.error?.contains("this session spent") == true)
        #expect(second.usage.inputTokens == 0)
    }
}
