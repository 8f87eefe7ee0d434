import AxonKnowledge
import AxonTesting
import Foundation
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

    @Test func theIndexHasABudgetOfItsOwnAndCountsTheRest() {
        // 64 KiB of knowledge budget: the index may take 16 KiB; each line is `- path: title` (+ newline).
        let documents = (0..<2000).map { doc(String(format: "f%04d", $0), 100) }
        let budget = KnowledgeBudget(documents: documents, budgetBytes: 64 * 1024)
        #expect(budget.included.count == 655)
        let line = "data/knowledge/f0000.md".utf8.count + "F0000".utf8.count + 5
        #expect(budget.indexed.count == 16 * 1024 / line)
        #expect(budget.unlisted.count == 2000 - 655 - budget.indexed.count)
        #expect(budget.unlisted.first?.hash == documents[655 + budget.indexed.count].hash, "in order")
        #expect(KnowledgeBudget.indexBytes(budgetBytes: 0) == 4096, "a zero budget still bounds the index")
        #expect(KnowledgeBudget.indexBytes(budgetBytes: .max) == .max)
    }

    @Test func aPromptPastTheIndexBudgetSaysHowManyMoreThereAre() {
        let documents = (0..<400).map { doc(String(format: "n%03d", $0), 50) }
        let prompt = BootPrompt.render(
            agent: "a", instructions: nil, knowledge: KnowledgeBase(repo: "/r", documents: documents, notes: []),
            template: .builtIn, budgetKB: 0)
        #expect(prompt.unlisted.count > 0)
        #expect(
            prompt.text.contains("- and \(prompt.unlisted.count) more, not listed here"), "\(prompt.text.suffix(300))")
        #expect(!prompt.text.contains(documents.last!.path))
        #expect(prompt.files.count == 400, "knowledge.loaded still records every file")
        #expect(prompt.text.utf8.count < 4096 + 1024)
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
