import AxonConfig
import AxonCore
import AxonTesting
import AxonTools
import Foundation
import Testing

/// Discovery and precedence: built-in > src/tools > .agents/tools, shadowing and invalid tools as statuses.
@Suite struct ToolCatalogTests {
    static func tool(_ name: String, _ description: String = "A tool.") -> String {
        "#!/bin/sh\n# ---\n# name: \(name)\n# description: \(description)\n# ---\necho \(name)\n"
    }

    @Test func precedenceAndShadowingAreReported() throws {
        let ws = try TemporaryWorkspace(files: [
            "src/tools/read_file.sh": Self.tool("read_file"),
            "src/tools/dup.sh": Self.tool("dup", "From src."),
            ".agents/tools/dup.py": Self.tool("dup", "From agents."),
            ".agents/tools/mine.sh": Self.tool("mine"),
            "src/tools/_helper.sh": "echo helper\n",
            "src/tools/README.md": "# tools\n",
            "src/tools/.hidden.sh": Self.tool("hidden"),
        ])
        defer { ws.remove() }
        let catalog = ToolCatalog.load(root: ws.path)
        let executable = catalog.entries.filter { $0.kind == .executable }
        #expect(
            executable.map(\.source) == [
                "src/tools/dup.sh", "src/tools/read_file.sh", ".agents/tools/dup.py", ".agents/tools/mine.sh",
            ])
        let status = Dictionary(uniqueKeysWithValues: executable.map { ($0.source, $0.status) })
        #expect(status["src/tools/read_file.sh"] == .shadowed(by: "builtin"))
        #expect(status["src/tools/dup.sh"] == .active)
        #expect(status[".agents/tools/dup.py"] == .shadowed(by: "src/tools/dup.sh"))
        #expect(status[".agents/tools/mine.sh"] == .active)
        #expect(catalog.tool(named: "dup")?.spec.description == "From src.")
        #expect(catalog.tool(named: "read_file")?.kind == .builtin)
        #expect(catalog.active.map(\.name).suffix(2) == ["dup", "mine"])
        #expect(catalog.problems.count == 2)
        #expect(
            catalog.problems.contains {
                $0.hasPrefix("src/tools/read_file.sh: tool 'read_file' is shadowed by builtin")
            })
        #expect(catalog.diagnostics.isEmpty)
    }

    @Test func anInvalidManifestIsListedWithItsDiagnosticAndShadowsNothing() throws {
        let ws = try TemporaryWorkspace(files: [
            "src/tools/broken.sh": "#!/bin/sh\n# ---\n# name: good\n# description: [unclosed\n# ---\n",
            "src/tools/noheader.sh": "#!/bin/sh\necho hi\n",
            ".agents/tools/good.sh": Self.tool("good"),
        ])
        defer { ws.remove() }
        let catalog = ToolCatalog.load(root: ws.path)
        let broken = try #require(catalog.entries.first { $0.source == "src/tools/broken.sh" })
        #expect(broken.status == .invalid)
        #expect(broken.name == "broken")
        #expect(broken.error?.hasPrefix("src/tools/broken.sh:") == true, "\(broken.error ?? "")")
        let noheader = try #require(catalog.entries.first { $0.source == "src/tools/noheader.sh" })
        #expect(noheader.status == .invalid)
        #expect(noheader.error?.contains("no manifest") == true)
        // The broken file named `good` does not hide the valid one.
        #expect(catalog.tool(named: "good")?.source == ".agents/tools/good.sh")
        #expect(catalog.diagnostics.count == 2)
        #expect(catalog.tool(named: "broken") == nil)
    }

    @Test func loadingIsAPureFunctionOfTheFiles() throws {
        let ws = try TemporaryWorkspace(files: ["src/tools/a.sh": Self.tool("a")])
        defer { ws.remove() }
        #expect(ToolCatalog.load(root: ws.path).tool(named: "b") == nil)
        try ws.write("src/tools/b.sh", Self.tool("b"))
        #expect(ToolCatalog.load(root: ws.path).tool(named: "b")?.source == "src/tools/b.sh")
        let empty = try TemporaryWorkspace()
        defer { empty.remove() }
        #expect(ToolCatalog.load(root: empty.path).active.map(\.name) == ToolCatalog.builtinOnly.active.map(\.name))
    }
}

extension ToolCatalogTests {
    /// A reload reads only the files that changed (the rest come from the catalog it replaces, by stat
    /// signature), and never serves a stale version of a changed one.
    @Test func aReloadKeepsUnchangedToolsAndRereadsEveryChangedFile() throws {
        let ws = try TemporaryWorkspace(files: [
            "src/tools/a.sh": Self.tool("a", "First."), "src/tools/b.sh": Self.tool("b", "Bee."),
        ])
        defer { ws.remove() }
        let first = ToolCatalog.load(root: ws.path)
        // Same size, same second: only the inode (a rename into place) tells the new file apart.
        try ws.publish("src/tools/a.sh", Self.tool("a", "Again."))
        try ws.write("src/tools/c.sh", Self.tool("c", "Sea."))
        let second = ToolCatalog.load(root: ws.path, lastGood: first)
        #expect(second.tool(named: "a")?.spec.description == "Again.")
        #expect(second.tool(named: "b")?.spec.description == "Bee.")
        #expect(second.tool(named: "c")?.spec.description == "Sea.")
        try ws.write("src/tools/b.sh", "#!/bin/sh\n# ---\n# name: b\n# description: [\n# ---\n")
        let third = ToolCatalog.load(root: ws.path, lastGood: second)
        #expect(third.tool(named: "b")?.spec.description == "Bee.", "the last good version stays")
        #expect(third.problems.contains { $0.hasPrefix("src/tools/b.sh:") })
        try ws.write("src/tools/b.sh", Self.tool("b", "Fixed."))
        #expect(ToolCatalog.load(root: ws.path, lastGood: third).tool(named: "b")?.spec.description == "Fixed.")
    }

    @Test func aReloadWithTheChangedPathsLooksOnlyAtThose() throws {
        let ws = try TemporaryWorkspace(files: [
            "src/tools/a.sh": Self.tool("a", "First."), "src/tools/b.sh": Self.tool("b", "Bee."),
            ".agents/tools/x.sh": Self.tool("x", "Ex."),
        ])
        defer { ws.remove() }
        let first = ToolCatalog.load(root: ws.path)
        try ws.publish("src/tools/a.sh", Self.tool("a", "Again."))
        try ws.publish("src/tools/b.sh", Self.tool("b", "Not said."))
        try ws.write("src/tools/c.sh", Self.tool("c", "Sea."))
        try FileManager.default.removeItem(atPath: ws.path + "/.agents/tools/x.sh")
        let second = ToolCatalog.load(
            root: ws.path, lastGood: first, changed: ["src/tools/a.sh", "src/tools/c.sh", ".agents/tools/x.sh"])
        #expect(second.tool(named: "a")?.spec.description == "Again.")
        #expect(second.tool(named: "b")?.spec.description == "Bee.", "a file not named is taken as it was")
        #expect(second.tool(named: "c")?.spec.description == "Sea.", "a new file named is found")
        #expect(second.tool(named: "x") == nil, "a removed file named is gone")
        // Without the paths, every file is looked at again.
        #expect(ToolCatalog.load(root: ws.path, lastGood: second).tool(named: "b")?.spec.description == "Not said.")
    }
}
