import AxonConfig
import AxonCore
import AxonKnowledge
import AxonTesting
import Foundation
import Testing

@Suite struct BootPromptStabilityTests {
    static let files = [
        "AGENTS.md": "# Rules\nBe brief.\n",
        "data/knowledge/b.md": "# B\nbee\n",
        "data/knowledge/a/deep.md": "# Deep\n",
        ".agents/knowledge/shared.md": "# Shared\n",
        "data/knowledge/big.md": "# Big\n" + String(repeating: "z", count: 70 * 1024),
    ]
    let agent = AgentSpec(name: "scout", instructions: "Map it.")

    @Test func renderingTwiceIsByteIdentical() throws {
        let ws = try TemporaryWorkspace(files: Self.files)
        defer { ws.remove() }
        let one = BootPrompt.render(agent: agent, budgetKB: 64, repo: ws.path)
        let two = BootPrompt.render(agent: agent, budgetKB: 64, repo: ws.path)
        #expect(Array(one.text.utf8) == Array(two.text.utf8))
        #expect(one == two)
        #expect(one.truncated)
    }

    @Test func touchingMtimesChangesNothing() throws {
        let ws = try TemporaryWorkspace(files: Self.files)
        defer { ws.remove() }
        let before = BootPrompt.render(agent: agent, budgetKB: 64, repo: ws.path)
        let later = Date(timeIntervalSinceNow: 3600)
        for file in Self.files.keys {
            try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: ws.path + "/" + file)
        }
        let after = BootPrompt.render(agent: agent, budgetKB: 64, repo: ws.path)
        #expect(Array(before.text.utf8) == Array(after.text.utf8))
        #expect(before.files.map(\.hash) == after.files.map(\.hash))
    }

    @Test func sameRepoInAnotherDirectoryGivesTheSamePrompt() throws {
        let one = try TemporaryWorkspace(files: Self.files, prefix: "axon-same")
        let two = try TemporaryWorkspace(files: Self.files, prefix: "axon-same")
        defer {
            one.remove()
            two.remove()
        }
        // Same directory name in two different parents: the prompt names the repo, never its path.
        let parent = two.path + "/nested"
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let name = URL(fileURLWithPath: one.path).lastPathComponent
        try FileManager.default.copyItem(atPath: one.path, toPath: parent + "/" + name)
        let a = BootPrompt.render(agent: agent, budgetKB: 64, repo: one.path)
        let b = BootPrompt.render(agent: agent, budgetKB: 64, repo: parent + "/" + name)
        #expect(a.text == b.text)
        #expect(!a.text.contains(one.path))
        #expect(!a.text.contains(NSTemporaryDirectory()))
    }

    @Test func changingAFileChangesOnlyFromItsPosition() throws {
        let ws = try TemporaryWorkspace(files: Self.files)
        defer { ws.remove() }
        let before = BootPrompt.render(agent: agent, budgetKB: 64, repo: ws.path)
        try ws.write("data/knowledge/b.md", "# B\nbee, revised\n")
        let after = BootPrompt.render(agent: agent, budgetKB: 64, repo: ws.path)
        let common = zip(before.text.utf8, after.text.utf8).prefix(while: { $0 == $1 }).count
        let marker = try #require(before.text.range(of: "## data/knowledge/b.md"))
        #expect(common >= before.text.utf8.distance(from: before.text.startIndex, to: marker.lowerBound))
        #expect(before.text != after.text)
    }
}
