import AxonCore
import AxonTesting
import Foundation
import Testing

/// Drives the built `axon` binary end to end, as a user would.
@Suite(.serialized) struct RunCommandTests {
    let cli = AxonCLIRunner()

    static let fleet = """
        version: 1
        models:
          offline: {provider: replay, script: data/replay/demo.yaml, price: {input: 3, output: 15}}
        defaults:
          model: offline
        agents:
          default:
            instructions: "Be brief."
          scout:
            instructions: "Map the code."
        """
    static let script = """
        rules:
          - match: hello
            turns:
              - text: "Hello from the script."
          - match: tools
            turns:
              - tool_calls: [{name: read_file, arguments: {path: README.md}}]
              - text: "tool said: {{last_tool_result}}"
        default:
          - text: "echo {{prompt}}"
        """

    func workspace() throws -> TemporaryWorkspace {
        try TemporaryWorkspace(files: ["fleet.yaml": Self.fleet, "data/replay/demo.yaml": Self.script])
    }

    @Test func streamsTheAnswerAndWritesAValidTrace() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        let r = try await cli.run(["run", "-p", "hello axon"], cwd: ws.path)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout == "Hello from the script.\n")
        #expect(!r.stderr.contains("offline replay model"), "no banner when the fleet names its model")
        let files = ws.traceFiles()
        #expect(files.count == 1)
        let lines = try TraceLines.read(try #require(files.first))
        #expect(
            TraceLines.types(lines) == [
                "session.start", "request.start", "message", "model.call", "message", "request.end", "session.end",
            ])
        for (i, line) in lines.enumerated() {
            #expect(line["v"]?.intValue == 1)
            #expect(line["seq"]?.intValue == i + 1)
            #expect(line["ts"]?.stringValue.flatMap(Timestamp.init(parsing:)) != nil)
            #expect(line["session"]?.stringValue == lines[0]["session"]?.stringValue)
        }
        #expect(lines[0]["agent"]?.stringValue == "default")
        #expect(lines[0]["shape"]?.stringValue == "oneshot")
        #expect(lines[3]["billing"]?["cost_usd"]?.doubleValue ?? 0 > 0)
        #expect(lines[5]["status"]?.stringValue == "ok")
    }

    @Test func jsonResultHasTheDocumentedFields() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        let r = try await cli.run(["run", "-a", "scout", "-t", "mapping", "-p", "hello", "--json"], cwd: ws.path)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try JSONValue(parsing: r.stdout)
        #expect(json["text"]?.stringValue == "Hello from the script.")
        #expect(json["agent"]?.stringValue == "scout")
        #expect(json["thread"]?.stringValue == "mapping")
        #expect(json["request"]?.stringValue == "r1")
        #expect(json["session"]?.stringValue?.isEmpty == false)
        for key in ["input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"] {
            #expect(json["usage"]?[key]?.intValue != nil, "usage.\(key)")
        }
        let usage = try #require(json["usage"])
        let expected = Double(usage["input_tokens"]!.intValue! * 3 + usage["output_tokens"]!.intValue! * 15) / 1e6
        #expect(abs((json["cost_usd"]?.doubleValue ?? -1) - expected) < 1e-12)
    }

    @Test func toolCallsRunAndTheModelSeesTheirResult() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        try ws.write("README.md", "# The demo readme\n")
        let r = try await cli.run(["run", "-p", "use tools"], cwd: ws.path)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("tool said: [README.md: sha256 "))
        #expect(r.stdout.contains("# The demo readme"))
        #expect(r.stderr.contains("→ read_file {\"path\":\"README.md\"}"))
        let lines = try TraceLines.read(try #require(ws.traceFiles().first))
        let result = try #require(lines.first { $0["type"]?.stringValue == "tool.result" })
        #expect(result["ok"] == .bool(true))
        #expect(result["tool"]?.stringValue == "read_file")
    }

    @Test func promptFromStandardInput() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        let r = try await cli.run(["run", "-p", "-"], cwd: ws.path, stdin: "hello from a pipe\n")
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout == "Hello from the script.\n")
    }

    @Test func withoutAFleetTheBuiltInAgentAnswersOfflineWithABanner() async throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let r = try await cli.run(["run", "-p", "ping"], cwd: ws.path)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.hasSuffix("You said: ping\n"))
        #expect(r.stderr.contains("no ANTHROPIC_API_KEY or OPENAI_API_KEY set; using the offline replay model"))
        #expect(ws.traceFiles().count == 1)
    }

    @Test func secretValuesNeverReachTheTrace() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        let secret = "sk-live-0123456789abcdef"
        let r = try await cli.run(
            ["run", "-p", "echo this: \(secret)", "--json"], cwd: ws.path, environment: ["OPENAI_API_KEY": secret])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let trace = try String(contentsOfFile: try #require(ws.traceFiles().first), encoding: .utf8)
        #expect(!trace.contains(secret))
        #expect(trace.contains("[REDACTED]"))
    }

    @Test func environmentSelectsTheAgentAndFlagsWin() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        let viaEnv = try await cli.run(
            ["run", "-p", "hello", "--json"], cwd: ws.path, environment: ["AXON_AGENT": "scout"])
        #expect(try JSONValue(parsing: viaEnv.stdout)["agent"]?.stringValue == "scout")
        let viaFlag = try await cli.run(
            ["run", "-a", "default", "-p", "hello", "--json"], cwd: ws.path, environment: ["AXON_AGENT": "scout"])
        #expect(try JSONValue(parsing: viaFlag.stdout)["agent"]?.stringValue == "default")
    }

    @Test func repoFlagWorksFromAnywhere() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        let r = try await cli.run(["run", "--repo", ws.path, "-p", "hello"], cwd: "/")
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(ws.traceFiles().count == 1)
    }
}
