import AxonKnowledge
import AxonTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite struct KnowledgeDiscoveryTests {
    @Test func findsAgentsFileFirstThenPathsInByteOrderIncludingNestedDirectories() throws {
        let ws = try TemporaryWorkspace(files: [
            "data/knowledge/zeta.md": "# Zeta\n",
            "data/knowledge/Alpha.md": "# Alpha\n",
            "data/knowledge/domains/tracing.md": "# Tracing\n",
            "data/knowledge/a.md": "# a\n",
            ".agents/knowledge/shared.md": "# Shared\n",
            "AGENTS.md": "# Agents\n",
            "data/knowledge/notes.txt": "not markdown",
            "data/knowledge/.draft.md": "# hidden\n",
            "data/elsewhere.md": "# not knowledge\n",
        ])
        defer { ws.remove() }
        let base = KnowledgeBase.load(repo: ws.path)
        #expect(
            base.documents.map(\.path) == [
                "AGENTS.md", ".agents/knowledge/shared.md", "data/knowledge/Alpha.md", "data/knowledge/a.md",
                "data/knowledge/domains/tracing.md", "data/knowledge/zeta.md",
            ])
        #expect(base.notes.isEmpty)
        #expect(base.documents.map(\.title) == ["Agents", "Shared", "Alpha", "a", "Tracing", "Zeta"])
    }

    @Test func hashesAreSHA256OfTheBytes() throws {
        let ws = try TemporaryWorkspace(files: ["data/knowledge/x.md": "abc"])
        defer { ws.remove() }
        let doc = try #require(KnowledgeBase.load(repo: ws.path).documents.first)
        #expect(doc.hash == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(doc.bytes == 3)
        #expect(doc.content == "abc")
    }

    @Test func symlinkOutsideTheKnowledgeIsSkippedWithANote() throws {
        let outside = try TemporaryWorkspace(files: ["secret.md": "# Secret\n", "dir/inner.md": "# Inner\n"])
        defer { outside.remove() }
        let ws = try TemporaryWorkspace(files: ["data/knowledge/ok.md": "# Ok\n", ".env": "KEY=1"])
        defer { ws.remove() }
        let fm = FileManager.default
        try fm.createSymbolicLink(
            atPath: ws.path + "/data/knowledge/leak.md", withDestinationPath: outside.path + "/secret.md")
        try fm.createSymbolicLink(atPath: ws.path + "/data/knowledge/dir", withDestinationPath: outside.path + "/dir")
        try fm.createSymbolicLink(atPath: ws.path + "/data/knowledge/env.md", withDestinationPath: "../../.env")
        try fm.createSymbolicLink(atPath: ws.path + "/data/knowledge/dangling.md", withDestinationPath: "nowhere.md")
        try fm.createSymbolicLink(atPath: ws.path + "/data/knowledge/alias.md", withDestinationPath: "ok.md")
        let base = KnowledgeBase.load(repo: ws.path)
        #expect(base.documents.map(\.path) == ["data/knowledge/alias.md", "data/knowledge/ok.md"])
        let skipped = base.notes.map(\.error)
        #expect(skipped.contains(.escapes(path: "data/knowledge/leak.md")))
        #expect(skipped.contains(.escapes(path: "data/knowledge/dir")))
        #expect(skipped.contains(.escapes(path: "data/knowledge/env.md")))
        #expect(skipped.contains(.notFound(path: "data/knowledge/dangling.md")))
        #expect(base.notes.allSatisfy { $0.code == "knowledge_skipped" })
    }

    @Test func knowledgeDirectoryLinkedOutOfTheRepoIsSkipped() throws {
        let outside = try TemporaryWorkspace(files: ["k/x.md": "# X\n"])
        defer { outside.remove() }
        let ws = try TemporaryWorkspace(files: ["data/keep": ""])
        defer { ws.remove() }
        try FileManager.default.createSymbolicLink(
            atPath: ws.path + "/data/knowledge", withDestinationPath: outside.path + "/k")
        let base = KnowledgeBase.load(repo: ws.path)
        #expect(base.documents.isEmpty)
        #expect(base.notes.map(\.error) == [.escapes(path: "data/knowledge")])
    }

    @Test func directorySymlinkCycleIsWalkedOnce() throws {
        let ws = try TemporaryWorkspace(files: ["data/knowledge/sub/x.md": "# X\n"])
        defer { ws.remove() }
        try FileManager.default.createSymbolicLink(
            atPath: ws.path + "/data/knowledge/sub/loop", withDestinationPath: "..")
        let base = KnowledgeBase.load(repo: ws.path)
        #expect(base.documents.map(\.path) == ["data/knowledge/sub/x.md"])
    }

    @Test func binaryAndNonUTF8FilesAreSkippedWithANote() throws {
        let ws = try TemporaryWorkspace(files: ["data/knowledge/good.md": "# Good\n"])
        defer { ws.remove() }
        try Data([0xFF, 0xFE, 0x41]).write(to: URL(fileURLWithPath: ws.path + "/data/knowledge/latin1.md"))
        try Data([0x23, 0x20, 0x41, 0x00, 0x42]).write(to: URL(fileURLWithPath: ws.path + "/data/knowledge/nul.md"))
        let base = KnowledgeBase.load(repo: ws.path)
        #expect(base.documents.map(\.path) == ["data/knowledge/good.md"])
        #expect(
            base.notes.map(\.error) == [
                .notText(path: "data/knowledge/latin1.md"), .notText(path: "data/knowledge/nul.md"),
            ])
        #expect(base.notes[0].description.contains("UTF-8"))
    }

    @Test(.timeLimit(.minutes(1))) func fifoIsSkippedWithoutBlocking() throws {
        let ws = try TemporaryWorkspace(files: ["data/knowledge/good.md": "# Good\n"])
        defer { ws.remove() }
        #expect(mkfifo(ws.path + "/data/knowledge/pipe.md", 0o644) == 0)
        let base = KnowledgeBase.load(repo: ws.path)
        #expect(base.documents.map(\.path) == ["data/knowledge/good.md"])
        #expect(base.notes.map(\.error) == [.notRegularFile(path: "data/knowledge/pipe.md")])
    }

    @Test func filesOverTheCapAreHashedButNotLoaded() throws {
        let big = "# Big file\n" + String(repeating: "x", count: 300)
        let ws = try TemporaryWorkspace(files: ["data/knowledge/big.md": big, "data/knowledge/small.md": "s"])
        defer { ws.remove() }
        let base = KnowledgeBase.load(repo: ws.path, maxFileBytes: 100)
        let doc = try #require(base.documents.first)
        #expect(doc.path == "data/knowledge/big.md")
        #expect(doc.content == nil)
        #expect(doc.title == "Big file")
        #expect(doc.bytes == big.utf8.count)
        let loaded = KnowledgeBase.load(repo: ws.path).documents.first
        #expect(loaded?.hash == doc.hash, "streamed and whole-file hashes agree")
    }

    @Test func titleIsTheFirstHeadingOutsideCodeAndFrontMatterElseTheFileName() throws {
        let ws = try TemporaryWorkspace(files: [
            "data/knowledge/a.md": "---\ntitle: x\n# not this\n---\nintro\n```\n# nor this\n```\n## Real title ##\n",
            "data/knowledge/b.md": "no heading here\n#hashtag is not a heading\n",
        ])
        defer { ws.remove() }
        let titles = KnowledgeBase.load(repo: ws.path).documents.map(\.title)
        #expect(titles == ["Real title", "b.md"])
    }

    @Test func emptyRepoHasNoKnowledgeAndNoNotes() throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let base = KnowledgeBase.load(repo: ws.path)
        #expect(base.documents.isEmpty)
        #expect(base.notes.isEmpty)
    }
}
