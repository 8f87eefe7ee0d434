import AxonCore
import AxonKnowledge
import AxonTesting
import Foundation
import Testing

@Suite struct ReadKnowledgeTests {
    func workspace() throws -> TemporaryWorkspace {
        try TemporaryWorkspace(files: [
            "data/knowledge/ok.md": "# Ok\nfine\n", ".agents/knowledge/n/shared.md": "shared",
            "AGENTS.md": "rules", "README.md": "readme", "data/other.md": "other", ".env": "KEY=1",
        ])
    }

    @Test func readsFilesUnderTheKnowledgeRoots() throws {
        let ws = try workspace()
        defer { ws.remove() }
        let base = KnowledgeBase.load(repo: ws.path)
        #expect(try base.read(path: "data/knowledge/ok.md") == "# Ok\nfine\n")
        #expect(try base.read(path: "./data/knowledge/ok.md") == "# Ok\nfine\n")
        #expect(try base.read(path: ".agents/knowledge/n/shared.md") == "shared")
        #expect(try base.read(path: "AGENTS.md") == "rules")
    }

    @Test(arguments: [
        "../x.md", "data/knowledge/../../README.md", "data/knowledge/../other.md", "/etc/passwd",
        "/tmp/data/knowledge/ok.md", "README.md", "data/other.md", ".env", "data/knowledge/", "",
        "data/knowledge/ok.txt",
        "data/knowledge/.hidden.md",
    ])
    func pathsOutsideTheKnowledgeAreRefused(path: String) throws {
        let ws = try workspace()
        defer { ws.remove() }
        #expect(throws: KnowledgeError.outsideKnowledge(path: path)) {
            try KnowledgeBase.load(repo: ws.path).read(path: path)
        }
    }

    @Test func symlinkOutOfTheKnowledgeIsRefused() throws {
        let ws = try workspace()
        let outside = try TemporaryWorkspace(files: ["s.md": "secret"])
        defer {
            ws.remove()
            outside.remove()
        }
        try FileManager.default.createSymbolicLink(
            atPath: ws.path + "/data/knowledge/out.md", withDestinationPath: outside.path + "/s.md")
        try FileManager.default.createSymbolicLink(
            atPath: ws.path + "/data/knowledge/env.md", withDestinationPath: "../../.env")
        let base = KnowledgeBase.load(repo: ws.path)
        #expect(throws: KnowledgeError.escapes(path: "data/knowledge/out.md")) {
            try base.read(path: "data/knowledge/out.md")
        }
        #expect(throws: KnowledgeError.escapes(path: "data/knowledge/env.md")) {
            try base.read(path: "data/knowledge/env.md")
        }
    }

    @Test func missingDirectoryAndBinaryGiveClearErrors() throws {
        let ws = try workspace()
        defer { ws.remove() }
        try FileManager.default.createDirectory(
            atPath: ws.path + "/data/knowledge/dir.md", withIntermediateDirectories: true)
        try Data([0xC3, 0x28]).write(to: URL(fileURLWithPath: ws.path + "/data/knowledge/bad.md"))
        let base = KnowledgeBase.load(repo: ws.path)
        #expect(throws: KnowledgeError.notFound(path: "data/knowledge/nope.md")) {
            try base.read(path: "data/knowledge/nope.md")
        }
        #expect(throws: KnowledgeError.notRegularFile(path: "data/knowledge/dir.md")) {
            try base.read(path: "data/knowledge/dir.md")
        }
        #expect(throws: KnowledgeError.notText(path: "data/knowledge/bad.md")) {
            try base.read(path: "data/knowledge/bad.md")
        }
        #expect(KnowledgeError.notFound(path: "x").description.contains("index"))
    }

    @Test func readsTheFileAsItIsNowNotAsItWasAtBoot() throws {
        let ws = try workspace()
        defer { ws.remove() }
        let base = KnowledgeBase.load(repo: ws.path)
        try ws.write("data/knowledge/new.md", "learned later")
        #expect(try base.read(path: "data/knowledge/new.md") == "learned later")
    }

    @Test func toolDescriptionHasTheToolSpecShape() {
        let tool = KnowledgeBase.readTool
        #expect(tool.name == "read_knowledge")
        #expect(!tool.description.isEmpty)
        #expect(tool.inputSchema["type"]?.stringValue == "object")
        #expect(tool.inputSchema["properties"]?["path"]?["type"]?.stringValue == "string")
        #expect(tool.inputSchema["required"] == .array([.string("path")]))
    }
}
