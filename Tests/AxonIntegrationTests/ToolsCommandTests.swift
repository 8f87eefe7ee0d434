import AxonCore
import AxonTesting
import Foundation
import Testing

/// The built-in tools through the built binary, on the replay model.
@Suite(.serialized) struct ToolsCommandTests {
    let cli = AxonCLIRunner()

    /// The repository's own example fleet and demo script (what the README tour runs).
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func exampleWorkspace() throws -> TemporaryWorkspace {
        let fleet = try String(contentsOfFile: Self.repo + "/fleet.yaml", encoding: .utf8)
        let demo = try String(contentsOfFile: Self.repo + "/data/replay/demo.yaml", encoding: .utf8)
        return try TemporaryWorkspace(files: [
            "fleet.yaml": fleet, "data/replay/demo.yaml": demo, "README.md": "# demo\n", "src/boot.md": "Be brief.\n",
            "config/.env": "SERVICE_TOKEN=tok-123456789\n",
        ])
    }

    @Test func listTheFilesReallyListsThem() async throws {
        let ws = try exampleWorkspace()
        defer { ws.remove() }
        let r = try await cli.run(["run", "-p", "list the files", "--json"], cwd: ws.path)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let text = try #require(try JSONValue(parsing: r.stdout)["text"]?.stringValue)
        #expect(text.contains("README.md\nconfig/\ndata/\nfleet.yaml\nsrc/"), "\(text)")
        let lines = try TraceLines.read(try #require(ws.traceFiles().first))
        let call = try #require(lines.first { $0["type"]?.stringValue == "tool.call" })
        #expect(call["tool"]?.stringValue == "list_files")
        let result = try #require(lines.first { $0["type"]?.stringValue == "tool.result" })
        #expect(result["ok"] == .bool(true))
    }

    @Test func refusalsAndSecretsThroughTheBinary() async throws {
        let ws = try exampleWorkspace()
        defer { ws.remove() }
        try ws.write(
            "data/replay/demo.yaml",
            """
            rules:
              - match: secret
                turns:
                  - tool_calls:
                      - {name: read_file, arguments: {path: config/.env}}
                      - {name: write_file, arguments: {path: README.md, content: x}}
                      - {name: run_shell, arguments: {command: "echo token=$SERVICE_TOKEN agent=$AXON_AGENT"}}
                  - text: "done: {{last_tool_result}}"
            """)
        let r = try await cli.run(
            ["run", "-p", "secret please"], cwd: ws.path,
            environment: ["SERVICE_TOKEN": "tok-123456789", "AXON_SANDBOX": "none"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        // The shell did not inherit the token; the fallback was announced once.
        #expect(r.stdout.contains("token= agent=default"), "\(r.stdout)")
        #expect(r.stderr.components(separatedBy: "is not sandboxed").count == 2, "\(r.stderr)")
        let trace = try String(contentsOfFile: try #require(ws.traceFiles().first), encoding: .utf8)
        #expect(!trace.contains("tok-123456789"))
        let lines = try TraceLines.read(try #require(ws.traceFiles().first))
        let denied = lines.filter { $0["type"]?.stringValue == "error" && $0["code"]?.stringValue == "policy_denied" }
        #expect(denied.count == 2)  // config/.env (deny **/.env) and README.md (not writable)
        #expect(try ws.read("README.md") == "# demo\n")
    }

    @Test func toolsCommandShowsWhatTheModelIsOffered() async throws {
        let ws = try exampleWorkspace()
        defer { ws.remove() }
        let r = try await cli.run(["tools", "--json"], cwd: ws.path, environment: ["AXON_SANDBOX": "none"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try JSONValue(parsing: r.stdout)
        let names = json["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(
            names == [
                "read_file", "write_file", "edit_file", "list_files", "search_files", "run_shell", "read_knowledge",
            ])
        #expect(json["sandbox"]?.stringValue?.hasPrefix("NONE: sandboxing is turned off") == true)
        let scout = try await cli.run(["tools", "-a", "scout", "--json"], cwd: ws.path)
        let scoutJSON = try JSONValue(parsing: scout.stdout)
        #expect(scoutJSON["tools"]?.arrayValue?.contains { $0["name"] == "run_shell" } == false)
        #expect(scoutJSON["sandbox"]?.stringValue == "off (policy.shell: false)")
        #expect(scoutJSON["policy"]?["write"] == ["data/knowledge/**"])
    }

    @Test func withoutBwrapRunShellFallsBackVisibly() async throws {
        let ws = try exampleWorkspace()
        defer { ws.remove() }
        try ws.write(
            "data/replay/demo.yaml",
            """
            rules:
              - match: shell
                turns:
                  - tool_calls: [{name: run_shell, arguments: {command: "echo hi"}}]
                  - tool_calls: [{name: run_shell, arguments: {command: "echo again"}}]
                  - text: "said {{last_tool_result}}"
            """)
        // No bwrap on this PATH: the probe fails and the session says so once; every result header says so.
        let r = try await cli.run(["run", "-p", "shell please"], cwd: ws.path, environment: ["PATH": "/nonexistent"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("sandbox: NONE (bwrap is not installed"), "\(r.stdout)")
        #expect(r.stdout.contains("again"))
        #expect(r.stderr.components(separatedBy: "run_shell is not sandboxed").count == 2, "\(r.stderr)")
    }
}
