import AxonConfig
import AxonCore
import AxonKnowledge
import AxonTesting
import Foundation
import Testing

@Suite struct SkillCatalogTests {
    static let release = """
        ---
        name: release
        description: Cut a release of this repo. Use when asked to publish a version.
        license: MIT
        ---

        # Releasing

        1. Run the tests.
        """

    @Test func aValidSkillLoadsWithItsBodyAndFiles() throws {
        let ws = try TemporaryWorkspace(files: [
            ".agents/skills/release/SKILL.md": Self.release,
            ".agents/skills/release/scripts/bump.sh": "echo bump\n",
            ".agents/skills/release/.hidden": "x",
            ".agents/skills/.draft/SKILL.md": "not loaded",
            ".agents/skills/empty/notes.txt": "a folder without SKILL.md is not a skill (yet)",
        ])
        defer { ws.remove() }
        let (skills, diagnostics) = SkillCatalog.load(repo: ws.path)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let skill = try #require(skills.first)
        #expect(skills.count == 1)
        #expect(skill.name == "release" && skill.description.hasPrefix("Cut a release"))
        #expect(skill.path == ".agents/skills/release/SKILL.md")
        #expect(skill.body == "# Releasing\n\n1. Run the tests.")
        #expect(skill.files == [".agents/skills/release/scripts/bump.sh"])
        #expect(skill.hash.count == 64)
    }

    @Test(arguments: [
        ("no front matter\n", 1, "must start with YAML front matter"),
        ("---\nname: x\n", 1, "never closed"),
        ("---\nname: bad\ndescription: d\n---\n", 1, "does not match its folder 'bad-skill'"),
        ("---\nname: bad-skill\n---\nbody", 1, "non-empty `description:`"),
        ("---\ndescription: d\n---\n", 1, "needs `name:`"),
        ("---\nname: bad-skill\ndescription: [unclosed\n---\n", 4, "YAML syntax error"),
        ("---\nname: bad-skill\nname: again\ndescription: d\n---\n", 3, "duplicate key 'name'"),
        ("---\n- a list\n---\n", 2, "must be a mapping"),
    ])
    func anInvalidSkillIsLeftOutWithItsPosition(text: String, line: Int, message: String) throws {
        let ws = try TemporaryWorkspace(files: [
            ".agents/skills/bad-skill/SKILL.md": text, ".agents/skills/release/SKILL.md": Self.release,
        ])
        defer { ws.remove() }
        let (skills, diagnostics) = SkillCatalog.load(repo: ws.path)
        #expect(skills.map(\.name) == ["release"], "the valid one still loads")
        let d = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(d.file == ".agents/skills/bad-skill/SKILL.md")
        #expect(d.line == line, "\(d)")
        #expect(d.message.contains(message), "\(d.message)")
    }

    @Test func aBinaryOrHugeSkillFileIsAProblemNotACrash() throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        try FileManager.default.createDirectory(
            atPath: ws.path + "/.agents/skills/bin", withIntermediateDirectories: true)
        try Data([0xFF, 0xFE, 0x00]).write(to: URL(fileURLWithPath: ws.path + "/.agents/skills/bin/SKILL.md"))
        try ws.write(".agents/skills/huge/SKILL.md", String(repeating: "x", count: 300 * 1024))
        let (skills, diagnostics) = SkillCatalog.load(repo: ws.path)
        #expect(skills.isEmpty)
        #expect(diagnostics.map(\.message).contains("not UTF-8 text"))
        #expect(diagnostics.contains { $0.message.contains("over the 262144-byte limit") })
    }

    @Test func theCatalogIsInTheSystemPromptAndAnInvalidSkillIsANote() throws {
        let ws = try TemporaryWorkspace(files: [
            ".agents/skills/release/SKILL.md": Self.release, ".agents/skills/broken/SKILL.md": "nothing",
        ])
        defer { ws.remove() }
        let prompt = BootPrompt.render(agent: AgentSpec(name: "a"), budgetKB: 64, repo: ws.path)
        #expect(prompt.text.contains("# Skills"))
        #expect(prompt.text.contains("- release: Cut a release of this repo. Use when asked to publish a version."))
        #expect(!prompt.text.contains("1. Run the tests."), "bodies load on demand")
        #expect(prompt.skills.map(\.name) == ["release"])
        #expect(prompt.notes.map(\.code) == ["skill_invalid"])
        #expect(prompt.notes.first?.description.hasPrefix(".agents/skills/broken/SKILL.md:1:1: ") == true)
        let without = BootPrompt.render(agent: AgentSpec(name: "a"), budgetKB: 64, repo: ws.path + "/nowhere")
        #expect(!without.text.contains("Skills"))
    }
}
