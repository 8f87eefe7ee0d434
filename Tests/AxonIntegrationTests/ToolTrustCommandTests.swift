import AxonCore
import AxonTesting
import Foundation
import Testing

/// Provenance and `tools: {trust: review}` through the built binary: a replay session writes a tool, `axon tools`
/// shows it quarantined with its author, `axon tools approve` lets it run, and an edit needs approval again.
@Suite(.serialized) struct ToolTrustCommandTests {
    let cli = AxonCLIRunner()

    static let fleet = """
        models:
          offline: {provider: replay, script: data/replay/script.yaml}
        defaults: {model: offline}
        agents:
          builder:
            policy: {write: ["src/tools/**", "data/**"], create_tools: true}
            tools: {trust: review}
          trusting:
            policy: {write: ["src/tools/**", "data/**"], create_tools: true}
        """

    /// `make a tool` writes src/tools/greet.sh; `use greet` calls it; `change greet` edits it.
    static let script = """
        rules:
          - match: make a tool
            turns:
              - tool_calls:
                  - name: write_file
                    arguments:
                      path: src/tools/greet.sh
                      content: "#!/bin/sh\\n# ---\\n# name: greet\\n# description: Greet.\\n# ---\\necho greetings\\n"
              - text: "made: {{last_tool_result}}"
          - match: use greet
            turns:
              - tool_calls: [{name: greet, arguments: {}}]
              - text: "greet said: {{last_tool_result}}"
          - match: change greet
            turns:
              - tool_calls:
                  - {name: edit_file, arguments: {path: src/tools/greet.sh, old_string: greetings, new_string: changed}}
              - text: "edited"
        """

    func tools(_ ws: TemporaryWorkspace, agent: String = "builder") async throws -> [String: JSONValue] {
        let r = try await cli.run(
            ["tools", "-a", agent, "--json"], cwd: ws.path, environment: ["AXON_SANDBOX": "none"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let list = try JSONValue(parsing: r.stdout)["tools"]?.arrayValue ?? []
        let pairs = list.compactMap { t in t["source"]?.stringValue.map { ($0, t) } }
        return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }

    @Test func anAgentWrittenToolIsQuarantinedUntilApprovedAndAgainAfterAnEdit() async throws {
        let ws = try TemporaryWorkspace(files: ["fleet.yaml": Self.fleet, "data/replay/script.yaml": Self.script])
        defer { ws.remove() }
        let env = ["AXON_SANDBOX": "none", "USER": "alice"]
        let made = try await cli.run(["run", "-a", "builder", "-p", "make a tool"], cwd: ws.path, environment: env)
        #expect(made.status == 0, "stderr: \(made.stderr)")
        #expect(made.stdout.contains("not offered until a human approves"), "\(made.stdout)")
        let line = try #require(try ws.read("data/provenance.jsonl").split(separator: "\n").first)
        let record = try JSONValue(parsing: String(line))
        #expect(record["kind"] == "write" && record["agent"] == "builder" && record["path"] == "src/tools/greet.sh")
        #expect(record["session"]?.stringValue?.isEmpty == false)

        // Quarantined for builder (review), with its author; active for trusting (auto), author still shown.
        let greet = try #require(try await tools(ws)["src/tools/greet.sh"])
        #expect(greet["status"] == "quarantined")
        #expect(greet["author"] == "builder")
        #expect(greet["error"] == "written by agent builder; awaiting `axon tools approve greet`")
        let trusted = try #require(try await tools(ws, agent: "trusting")["src/tools/greet.sh"])
        #expect(trusted["status"] == "active" && trusted["author"] == "builder")
        let table = try await cli.run(["tools", "-a", "builder"], cwd: ws.path, environment: env)
        #expect(table.stdout.contains("AUTHOR"))
        #expect(table.stdout.contains("quarantined  builder"), "\(table.stdout)")

        // A session under review is told so at start, and a call to the tool is refused.
        let refused = try await cli.run(["run", "-a", "builder", "-p", "use greet"], cwd: ws.path, environment: env)
        #expect(refused.stderr.contains("src/tools/greet.sh: tool 'greet' is quarantined"), "\(refused.stderr)")
        #expect(refused.stdout.contains("is quarantined"), "\(refused.stdout)")

        let approved = try await cli.run(["tools", "approve", "greet"], cwd: ws.path, environment: env)
        #expect(approved.status == 0, "stderr: \(approved.stderr)")
        #expect(approved.stdout.hasPrefix("approved src/tools/greet.sh (sha256 "), "\(approved.stdout)")
        #expect(approved.stderr.contains("agents with tools: {trust: review} (builder)"), "\(approved.stderr)")
        #expect(try await tools(ws)["src/tools/greet.sh"]?["status"] == "active")
        let again = try await cli.run(["tools", "approve", "greet", "--json"], cwd: ws.path, environment: env)
        let decision = try JSONValue(parsing: again.stdout)
        #expect(decision["decision"] == "approve")
        #expect(decision["tools"]?.arrayValue?.first?["recorded"] == .bool(false))
        #expect(decision["tools"]?.arrayValue?.first?["by"] == "alice")
        let used = try await cli.run(["run", "-a", "builder", "-p", "use greet"], cwd: ws.path, environment: env)
        #expect(used.stdout.contains("greet said: greetings"), "\(used.stdout) \(used.stderr)")

        // The agent edits its tool: quarantined again until the new content is approved; reject keeps it so.
        let changed = try await cli.run(["run", "-a", "builder", "-p", "change greet"], cwd: ws.path, environment: env)
        #expect(changed.status == 0, "stderr: \(changed.stderr)")
        #expect(try await tools(ws)["src/tools/greet.sh"]?["status"] == "quarantined")
        let rejected = try await cli.run(["tools", "reject", "src/tools/greet.sh"], cwd: ws.path, environment: env)
        #expect(rejected.status == 0, "stderr: \(rejected.stderr)")
        let error = try await tools(ws)["src/tools/greet.sh"]?["error"]?.stringValue ?? ""
        #expect(error.hasPrefix("written by agent builder; rejected by alice at "), "\(error)")
    }

    @Test func unknownNamesAndBuiltInsAreUsageErrors() async throws {
        let ws = try TemporaryWorkspace(files: [
            "fleet.yaml": Self.fleet, "data/replay/script.yaml": Self.script,
            "src/tools/greet.sh": "#!/bin/sh\n# ---\n# name: greet\n# description: Greet.\n# ---\necho hi\n",
        ])
        defer { ws.remove() }
        let typo = try await cli.run(["tools", "approve", "gret"], cwd: ws.path)
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("no tool file named 'gret' (did you mean 'greet'?)"), "\(typo.stderr)")
        let builtin = try await cli.run(["tools", "reject", "read_file"], cwd: ws.path)
        #expect(builtin.status == 2)
        #expect(builtin.stderr.contains("'read_file' is a built-in tool"), "\(builtin.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ws.path + "/data/provenance.jsonl"))
        let help = try await cli.run(["tools", "approve", "--help"], cwd: ws.path)
        #expect(help.stdout.contains("pinned") || help.stdout.contains("SHA-256"), "\(help.stdout)")
        // A human's file needs no approval to run, and shows its author as unknown.
        #expect(try await tools(ws)["src/tools/greet.sh"]?["status"] == "active")
        #expect(try await tools(ws)["src/tools/greet.sh"]?["author"] == "unknown")
    }
}
