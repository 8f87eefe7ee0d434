import AxonKnowledge
import AxonTesting
import Testing

@Suite struct KnowledgeBudgetTests {
    func doc(_ name: String, _ bytes: Int, loaded: Bool = true) -> KnowledgeDocument {
        KnowledgeDocument(
            path: "data/knowledge/\(name).md", title: name.uppercased(), hash: name, bytes: bytes,
            content: loaded ? String(repeating: "x", count: bytes) : nil)
    }

    @Test func filesAreIncludedWholeInOrderUntilOneDoesNotFit() {
        let budget = KnowledgeBudget(
            documents: [doc("a", 400), doc("b", 500), doc("c", 200), doc("d", 10)], budgetBytes: 1000)
        #expect(budget.included.map(\.hash) == ["a", "b"])
        #expect(budget.indexed.map(\.hash) == ["c", "d"], "a later small file does not jump the queue")
        #expect(budget.usedBytes == 900)
        #expect(budget.isTruncated)
    }

    @Test func everythingFitsExactly() {
        let budget = KnowledgeBudget(documents: [doc("a", 512), doc("b", 512)], budgetBytes: 1024)
        #expect(budget.included.count == 2)
        #expect(!budget.isTruncated)
    }

    @Test func filesOverTheCapGoToTheIndexWithoutEndingInclusion() {
        let budget = KnowledgeBudget(
            documents: [doc("a", 10), doc("huge", 1_000_000, loaded: false), doc("b", 10)], budgetBytes: 1024)
        #expect(budget.included.map(\.hash) == ["a", "b"])
        #expect(budget.indexed.map(\.hash) == ["huge"])
    }

    @Test func zeroBudgetIndexesEverything() {
        let budget = KnowledgeBudget(documents: [doc("a", 1)], budgetBytes: 0)
        #expect(budget.included.isEmpty)
        #expect(budget.indexed.count == 1)
    }

    @Test func promptListsIndexedFilesWithTheirFirstHeadingAndTruncated() throws {
        let ws = try TemporaryWorkspace(files: [
            "data/knowledge/1-first.md": "# First things\n" + String(repeating: "a", count: 700),
            "data/knowledge/2-second.md": "# Second things\n" + String(repeating: "b", count: 700),
            "data/knowledge/3-third.md": "no heading\n",
        ])
        defer { ws.remove() }
        let prompt = BootPrompt.render(
            agent: "default", instructions: nil, knowledge: KnowledgeBase.load(repo: ws.path),
            template: .builtIn, budgetKB: 1)
        #expect(prompt.included.map(\.path) == ["data/knowledge/1-first.md"])
        #expect(prompt.indexed.map(\.path) == ["data/knowledge/2-second.md", "data/knowledge/3-third.md"])
        #expect(prompt.truncated)
        #expect(prompt.files.count == 3)
        #expect(prompt.text.contains("aaaa"))
        #expect(!prompt.text.contains("bbbb"))
        #expect(prompt.text.contains("- data/knowledge/2-second.md: Second things"))
        #expect(prompt.text.contains("- data/knowledge/3-third.md: 3-third.md"))
        #expect(prompt.text.contains("read_knowledge"))
    }

    @Test func agentsFileIsSpentFirstAndRendersAsAgentsMD() throws {
        let ws = try TemporaryWorkspace(files: [
            "AGENTS.md": "Always run the tests.\n", "data/knowledge/k.md": "# K\nknown\n",
        ])
        defer { ws.remove() }
        let prompt = BootPrompt.render(
            agent: "default", instructions: nil, knowledge: KnowledgeBase.load(repo: ws.path),
            template: .builtIn, budgetKB: 64)
        #expect(prompt.included.map(\.path) == ["AGENTS.md", "data/knowledge/k.md"])
        #expect(prompt.text.contains("# AGENTS.md\n\nAlways run the tests.\n"))
        #expect(!prompt.text.contains("## AGENTS.md"), "AGENTS.md is not repeated in the knowledge list")
        #expect(!prompt.truncated)
    }
}
