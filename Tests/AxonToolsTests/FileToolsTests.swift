import AxonConfig
import AxonCore
import AxonModels
import AxonTesting
import AxonTools
import Foundation
import Testing

@Suite struct FileToolsTests {
    func withBox(
        _ policy: PolicySpec = .init(), tools: ToolsSpec = .init(),
        _ body: (TemporaryWorkspace, ToolBox) async throws -> Void
    ) async throws {
        let ws = try TemporaryWorkspace(files: [
            "README.md": "line one\nline two\nline three\n", "data/notes.md": "alpha beta\n", ".git/config": "[core]",
            "src/main.swift": "print(\"hi\")\n", "data/bin.dat": "a\u{0}b",
        ])
        defer { ws.remove() }
        let box = ToolBox(
            root: ws.path, agent: AgentSpec(name: "t", policy: policy, tools: tools), environment: [:],
            sandbox: .none)
        try await body(ws, box)
    }

    func call(_ box: ToolBox, _ name: String, _ args: [String: JSONValue]) async -> ToolOutcome {
        await box.call(ToolCall(id: "c1", name: name, arguments: .object(args)), thread: "t")
    }

    @Test func readFileShowsHashAndLines() async throws {
        try await withBox { _, box in
            let all = await call(box, "read_file", ["path": "README.md"])
            #expect(all.ok)
            #expect(all.content.hasPrefix("[README.md: sha256 "))
            #expect(all.content.hasSuffix("line one\nline two\nline three"))
            let part = await call(box, "read_file", ["path": "README.md", "offset": 2, "limit": 1])
            #expect(part.content.hasSuffix("lines 2-2 of 3]\nline two"))
        }
    }

    @Test func readFileRefusesBinaryAndMissing() async throws {
        try await withBox { _, box in
            let binary = await call(box, "read_file", ["path": "data/bin.dat"])
            #expect(!binary.ok && binary.content.contains("binary"))
            let missing = await call(box, "read_file", ["path": "nope.txt"])
            #expect(!missing.ok && missing.content.contains("does not exist"))
        }
    }

    @Test func escapesAreToolErrorsWithThePolicyCode() async throws {
        try await withBox { ws, box in
            try FileManager.default.createSymbolicLink(atPath: ws.path + "/data/out", withDestinationPath: "/etc")
            for path in ["../x", "/etc/passwd", "data/out/passwd", ".git/config"] {
                let outcome = await call(box, "read_file", ["path": .string(path)])
                #expect(!outcome.ok, "\(path)")
                #expect(outcome.errorCode == "policy_denied", "\(path)")
                #expect(outcome.content.hasPrefix("error: policy_denied"), "\(path)")
            }
            let write = await call(box, "write_file", ["path": "src/tools/x", "content": "x"])
            #expect(write.errorCode == "policy_denied")
            #expect(!FileManager.default.fileExists(atPath: ws.path + "/src/tools/x"))
        }
    }

    @Test func writeFileIsAtomicAndChecksTheHash() async throws {
        try await withBox { ws, box in
            let created = await call(box, "write_file", ["path": "data/new/a.md", "content": "one"])
            #expect(created.ok, "\(created.content)")
            #expect((try? ws.read("data/new/a.md")) == "one")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: ws.path + "/data/new")
            #expect(leftovers == ["a.md"])
            let read = await call(box, "read_file", ["path": "data/new/a.md"])
            let hash = String(read.content.split(separator: " ")[2].dropLast())
            #expect(hash.count == 64)
            let stale = await call(
                box, "write_file",
                [
                    "path": "data/new/a.md", "content": "two",
                    "expected_hash": .string(String(repeating: "0", count: 64)),
                ])
            #expect(!stale.ok)
            #expect(stale.content.contains("conflict") && stale.content.contains(hash))
            #expect((try? ws.read("data/new/a.md")) == "one")
            let fresh = await call(
                box, "write_file", ["path": "data/new/a.md", "content": "two", "expected_hash": .string(hash)])
            #expect(fresh.ok)
            #expect((try? ws.read("data/new/a.md")) == "two")
        }
    }

    @Test func editFileReplacesExactlyOnce() async throws {
        try await withBox(PolicySpec(write: ["**"])) { ws, box in
            let ok = await call(box, "edit_file", ["path": "README.md", "old_string": "two", "new_string": "2"])
            #expect(ok.ok)
            #expect((try? ws.read("README.md")) == "line one\nline 2\nline three\n")
            let absent = await call(box, "edit_file", ["path": "README.md", "old_string": "zzz", "new_string": "y"])
            #expect(!absent.ok && absent.content.contains("not found"))
            let twice = await call(box, "edit_file", ["path": "README.md", "old_string": "line", "new_string": "y"])
            #expect(!twice.ok && twice.content.contains("occurs 3 times"))
            let conflict = await call(
                box, "edit_file",
                ["path": "README.md", "old_string": "one", "new_string": "1", "expected_hash": "abc"])
            #expect(!conflict.ok && conflict.content.contains("conflict"))
        }
    }

    @Test func listAndSearch() async throws {
        try await withBox(PolicySpec(deny: ["data/bin.dat"])) { _, box in
            let root = await call(box, "list_files", [:])
            #expect(root.content == "README.md\ndata/\nsrc/")
            let swift = await call(box, "list_files", ["glob": "*.swift"])
            #expect(swift.content == "src/main.swift")
            let escaping = await call(box, "list_files", ["glob": "../*"])
            #expect(escaping.content == "(no files)")
            let outside = await call(box, "list_files", ["path": "/etc"])
            #expect(outside.errorCode == "policy_denied")
            let found = await call(box, "search_files", ["pattern": "beta"])
            #expect(found.content == "data/notes.md:1: alpha beta")
            let none = await call(box, "search_files", ["pattern": "core"])
            #expect(none.content == "(no matches)")
        }
    }

    @Test func recursiveWalksSkipGitIgnoredPathsUnlessAskedByName() async throws {
        try await withBox { ws, box in
            try ws.write(".gitignore", "# build output\n.build/\n*.log\n")
            try ws.write(".build/checkouts/dep.swift", "let dep = 1\n")
            try ws.write("data/run.log", "let log = 1\n")
            let swift = await call(box, "list_files", ["glob": "*.swift"])
            #expect(swift.content == "src/main.swift")
            let search = await call(box, "search_files", ["pattern": "let "])
            #expect(search.content == "(no matches)")
            let inside = await call(box, "search_files", ["pattern": "let ", "path": ".build"])
            #expect(inside.content == ".build/checkouts/dep.swift:1: let dep = 1")
            let listed = await call(box, "list_files", [:])
            #expect(listed.content.contains(".build/"))
        }
    }

    @Test func argumentsAreValidated() async throws {
        try await withBox { _, box in
            let missing = await call(box, "read_file", [:])
            #expect(!missing.ok && missing.content.contains("arguments.path is required"))
            let wrongType = await call(box, "read_file", ["path": 3])
            #expect(wrongType.content.contains("arguments.path must be string"))
            let extra = await call(box, "read_file", ["path": "README.md", "mode": "x"])
            #expect(extra.content.contains("arguments.mode is not an argument"))
            let raw = await box.call(ToolCall(id: "c", name: "read_file", arguments: .string("{oops")), thread: "t")
            #expect(!raw.ok && raw.content.contains("JSON object"))
        }
    }

    @Test func toolsAllowAndDenyDecideWhatIsSeenAndCallable() async throws {
        try await withBox(tools: ToolsSpec(allow: ["read_*", "list_files"], deny: ["read_knowledge"])) { _, box in
            #expect(box.specs.map(\.name) == ["read_file", "list_files"])
            let hidden = await call(box, "write_file", ["path": "data/x", "content": "x"])
            #expect(!hidden.ok && hidden.content.contains("there is no tool 'write_file'"))
        }
    }

    @Test func shellIsRefusedWhenPolicyShellIsOff() async throws {
        try await withBox { _, box in
            #expect(!box.specs.map(\.name).contains("run_shell"))
            let refused = await call(box, "run_shell", ["command": "echo hi"])
            #expect(refused.errorCode == "policy_denied")
            #expect(refused.content.contains("policy.shell: false"))
        }
    }

    @Test func readKnowledgeIsWiredWithItsOwnConfinementAndTheDenyGlobs() async throws {
        try await withBox(PolicySpec(deny: ["data/knowledge/private.md"])) { ws, box in
            try ws.write("data/knowledge/tracing.md", "# Tracing\n")
            try ws.write("data/knowledge/private.md", "# Private\n")
            let ok = await call(box, "read_knowledge", ["path": "data/knowledge/tracing.md"])
            #expect(ok.ok && ok.content == "# Tracing\n")
            let outside = await call(box, "read_knowledge", ["path": "README.md"])
            #expect(!outside.ok)
            let denied = await call(box, "read_knowledge", ["path": "data/knowledge/private.md"])
            #expect(denied.errorCode == "policy_denied")
        }
    }

    @Test func resultsAreCapped() async throws {
        try await withBox { ws, box in
            try ws.write("data/big.txt", String(repeating: "x", count: 100_000))
            let big = await call(box, "read_file", ["path": "data/big.txt"])
            #expect(big.ok)
            #expect(big.content.utf8.count < 66_000)
            #expect(big.content.contains("[truncated: "))
        }
    }
}
