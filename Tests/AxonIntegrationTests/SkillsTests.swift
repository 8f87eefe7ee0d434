import AxonCore
import AxonTesting
import Foundation
import Testing

/// Skills through the binary: the replay model calls `load_skill`, the body and the files come back.
@Suite(.serialized) struct SkillsTests {
    let cli = AxonCLIRunner()

    static let replay = """
        rules:
          - match: skill
            turns:
              - tool_calls: [{name: load_skill, arguments: {name: release}}]
              - text: "done: {{last_tool_result}}"
          - match: missing
            turns:
              - tool_calls: [{name: load_skill, arguments: {name: relase}}]
              - text: "{{last_tool_result}}"
        default:
          - text: "ok"
        """

    func workspace(skills: Bool = true) throws -> TemporaryWorkspace {
        var files = [
            "fleet.yaml":
                "models:\n  offline: {provider: replay, script: data/replay/demo.yaml}\ndefaults: {model: offline}\n",
            "data/replay/demo.yaml": Self.replay,
        ]
        if skills {
            files[".agents/skills/release/SKILL.md"] = SkillCatalogFixture.release
            files[".agents/skills/release/scripts/bump.sh"] = "echo bump\n"
        }
        return try TemporaryWorkspace(files: files)
    }

    @Test func theModelLoadsASkillAndGetsItsBodyAndFiles() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        let r = try await cli.run(["run", "-p", "use the skill", "--json"], cwd: ws.path)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try TraceLines.read(try #require(ws.traceFiles().first))
        let result = try #require(lines.first { $0["type"]?.stringValue == "tool.result" })
        #expect(result["ok"]?.boolValue == true)
        let content = result["content"]?.stringValue ?? ""
        #expect(content.hasPrefix("# Releasing"), "\(content)")
        #expect(content.contains("Files of this skill (read_file):\n- .agents/skills/release/scripts/bump.sh"))
        let tools = try await cli.run(["tools", "--json"], cwd: ws.path)
        #expect(tools.stdout.contains("\"load_skill\""), "\(tools.stdout)")
    }

    @Test func anUnknownSkillIsAnErrorResultWithDidYouMean() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        let r = try await cli.run(["run", "-p", "missing"], cwd: ws.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("there is no skill 'relase' (did you mean 'release'?)"), "\(r.stdout)")
    }

    @Test func withoutSkillsLoadSkillIsNotOffered() async throws {
        let ws = try workspace(skills: false)
        defer { ws.remove() }
        let tools = try await cli.run(["tools", "--json"], cwd: ws.path)
        #expect(tools.status == 0 && !tools.stdout.contains("load_skill"), "\(tools.stdout)")
    }

    @Test func anInvalidSkillIsAWarningAtStartAndTheSessionRuns() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        try ws.write(".agents/skills/broken/SKILL.md", "---\nname: broken\n---\n")
        let r = try await cli.run(["run", "-p", "hello"], cwd: ws.path)
        #expect(r.status == 0)
        #expect(r.stderr.contains("axon: warning: knowledge: .agents/skills/broken/SKILL.md:1:1: "), "\(r.stderr)")
        let lines = try TraceLines.read(try #require(ws.traceFiles().first))
        #expect(lines.contains { $0["type"]?.stringValue == "error" && $0["code"]?.stringValue == "skill_invalid" })
    }
}

enum SkillCatalogFixture {
    static let release = """
        ---
        name: release
        description: Cut a release of this repo.
        ---
        # Releasing

        Run the tests first.
        """
}
