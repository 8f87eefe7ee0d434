import AxonKnowledge
import AxonTesting
import Foundation
import Testing

@Suite struct BootTemplateTests {
    static let doc = KnowledgeDocument(
        path: "data/knowledge/t.md", title: "Tracing", hash: "h1", bytes: 20,
        content: "Traces are <JSONL> & \"flat\".\n\n")
    static let indexed = KnowledgeDocument(
        path: "data/knowledge/big.md", title: "Big one", hash: "h2", bytes: 9000, content: nil)

    func render(_ text: String, _ context: BootContext) throws -> String {
        try BootTemplate(text: text, path: "src/boot.md").render(context)
    }

    var full: BootContext {
        BootContext(
            agent: "scout", instructions: "Map the code.\n", repo: "axon", agentsMD: "Be kind.",
            knowledge: [Self.doc], index: [Self.indexed])
    }

    @Test func everyDocumentedVariableRenders() throws {
        #expect(try render("{{agent}}", full) == "scout")
        #expect(try render("{{instructions}}", full) == "Map the code.")
        #expect(try render("{{repo}}", full) == "axon")
        #expect(try render("{{agents_md}}", full) == "Be kind.")
        #expect(
            try render("{{#knowledge}}{{path}}|{{title}}|{{content}}{{/knowledge}}", full)
                == "data/knowledge/t.md|Tracing|Traces are <JSONL> & \"flat\".")
        #expect(
            try render("{{#knowledge_index}}{{path}}|{{title}}|{{bytes}}{{/knowledge_index}}", full)
                == "data/knowledge/big.md|Big one|9000")
        #expect(try render("{{#has_knowledge}}K{{/has_knowledge}}{{#has_index}}I{{/has_index}}", full) == "KI")
        #expect(try render("{{#truncated}}T{{/truncated}}", full) == "T")
    }

    @Test func absentValuesCloseTheirSections() throws {
        let bare = BootContext(agent: "a", instructions: "  \n", repo: "r")
        let text = """
            {{#instructions}}I{{/instructions}}{{^instructions}}no-i{{/instructions}} \
            {{#agents_md}}A{{/agents_md}}{{#has_knowledge}}K{{/has_knowledge}}\
            {{#has_index}}I{{/has_index}}{{^truncated}}whole{{/truncated}}
            """
        #expect(try render(text, bare) == "no-i whole")
    }

    @Test func nothingIsHTMLEscaped() throws {
        #expect(try render("{{#knowledge}}{{content}}{{/knowledge}}", full).contains("<JSONL> & \"flat\""))
    }

    @Test func builtInTemplateRendersEverySection() {
        let text = BootTemplate.builtIn.render(full)
        #expect(text.hasPrefix("You are scout, an axon agent working in the repository axon.\n\nMap the code.\n"))
        #expect(text.contains("# AGENTS.md\n\nBe kind.\n"))
        #expect(text.contains("## data/knowledge/t.md\n\nTraces are <JSONL> & \"flat\".\n"))
        #expect(text.contains("read_knowledge"))
        #expect(text.contains("- data/knowledge/big.md: Big one"))
        #expect(BootTemplate.builtIn.source == .builtIn)
    }

    @Test func builtInTemplateIsUsedWhenTheRepoHasNone() throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let (template, note) = BootTemplate.load(repo: ws.path)
        #expect(template.source == .builtIn)
        #expect(note == nil)
    }

    @Test func repoTemplateIsUsed() throws {
        let ws = try TemporaryWorkspace(files: ["src/boot.md": "Agent {{agent}} of {{repo}}."])
        defer { ws.remove() }
        let (template, note) = BootTemplate.load(repo: ws.path)
        #expect(template.source == .file("src/boot.md"))
        #expect(note == nil)
        #expect(template.render(full) == "Agent scout of axon.")
    }

    @Test func brokenTemplateFallsBackToTheBuiltInOneWithANote() throws {
        let ws = try TemporaryWorkspace(files: ["src/boot.md": "line one\nHello {{#knowledge}}{{path}}\n"])
        defer { ws.remove() }
        let (template, note) = BootTemplate.load(repo: ws.path)
        #expect(template.source == .builtIn)
        let found = try #require(note)
        #expect(found.code == "boot_template")
        guard case .template(let path, let line, _, let message) = found.error else {
            Issue.record("expected a template error, got \(found.error)")
            return
        }
        #expect(path == "src/boot.md")
        #expect(line >= 2)
        #expect(message.contains("never closed"))
        #expect(found.description.contains("built-in boot template is used"))
    }

    @Test func mismatchedSectionIsReportedAtItsLine() throws {
        let error = #expect(throws: KnowledgeError.self) {
            try BootTemplate(text: "a\nb {{#x}} {{/y}}\n", path: "src/boot.md")
        }
        guard case .template(let path, let line, let column, let message)? = error else {
            Issue.record("expected a template error, got \(String(describing: error))")
            return
        }
        #expect(path == "src/boot.md")
        #expect(line == 2)
        #expect(column > 1)
        #expect(message.contains("different name"))
    }

    @Test func nonUTF8TemplateFallsBack() throws {
        let ws = try TemporaryWorkspace(files: ["src/keep": ""])
        defer { ws.remove() }
        try ws.writeBytes("src/boot.md", [0xFF, 0x7B, 0x7B])
        let (template, note) = BootTemplate.load(repo: ws.path)
        #expect(template.source == .builtIn)
        #expect(note?.error == .notText(path: "src/boot.md"))
    }

    @Test func firstLineCommentOfARepoTemplateLeavesNoBlankLine() throws {
        let text = "{{! a comment }}\nHi {{agent}}"
        #expect(try render(text, full) == "Hi scout")
    }
}

extension TemporaryWorkspace {
    /// Writes raw bytes to a repo-relative file (the directory must exist).
    func writeBytes(_ file: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path + "/" + file))
    }
}

@Suite struct RepoBootTemplateTests {
    /// The checkout this test was built from (Tests/AxonKnowledgeTests/ → ../..).
    static let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test func theRepoTemplateParsesAndRendersLikeTheBuiltInOne() throws {
        let (template, note) = BootTemplate.load(repo: Self.checkout)
        #expect(note == nil)
        #expect(template.source == .file("src/boot.md"))
        let agents = KnowledgeDocument(path: "AGENTS.md", title: "AGENTS.md", hash: "h0", bytes: 6, content: "Rules.")
        let knowledge = KnowledgeBase(
            repo: "/somewhere/axon", documents: [agents, BootTemplateTests.doc, BootTemplateTests.indexed])
        let text = BootPrompt.render(
            agent: "scout", instructions: "Map it.", knowledge: knowledge, template: template, budgetKB: 64
        ).text
        #expect(
            text.hasPrefix("You are scout, an axon agent working in the repository axon.\n\nMap it.\n\n# AGENTS.md"))
        #expect(text.contains("## data/knowledge/t.md\n\nTraces are"))
        #expect(text.hasSuffix("- data/knowledge/big.md: Big one"))
        #expect(!text.contains("{{"), "comments render to nothing")
    }
}
