#if os(Linux)
    import AxonConfig
    import AxonCore
    import AxonTesting
    import AxonTools
    import Foundation
    import Testing

    /// `tools: {trust: review}`: agent-written tools are recorded, quarantined until approved (pinned to the
    /// content hash), and never run or shadow anything while quarantined; human-written files stay active.
    @Suite(.serialized, .timeLimit(.minutes(1))) struct ToolReviewTests {
        static let bwrapWorks = ShellToolTests.bwrapWorks

        static func tool(_ name: String, says text: String = "hi") -> String {
            "#!/bin/sh\n# ---\n# name: \(name)\n# description: Say \(text).\n# ---\necho \(text)\n"
        }

        /// An agent `scout` that may write tools (and run a shell), under `trust`.
        static func agent(_ trust: ToolsSpec.Trust, shell: Bool = false) -> AgentSpec {
            AgentSpec(
                name: "scout",
                policy: PolicySpec(
                    write: ["src/tools/**", ".agents/tools/**", "data/**"], shell: shell, createTools: true),
                tools: ToolsSpec(trust: trust))
        }

        func box(_ ws: TemporaryWorkspace, _ trust: ToolsSpec.Trust, sandbox: SandboxMode = .none) -> ToolBox {
            ToolBox(
                root: ws.path, agent: Self.agent(trust, shell: sandbox == .auto),
                environment: ["PATH": "/usr/bin:/bin", "AXON_AGENT": "scout", "AXON_SESSION": "s-42"],
                sandbox: sandbox)
        }

        func call(_ box: ToolBox, _ name: String, _ args: [String: JSONValue] = [:]) async -> ToolOutcome {
            await box.call(ToolCall(id: "c", name: name, arguments: .object(args)), thread: "th")
        }

        func entry(_ ws: TemporaryWorkspace, _ trust: ToolsSpec.Trust, _ source: String) throws -> ToolCatalog.Entry {
            try #require(ToolCatalog.load(root: ws.path, trust: trust).entries.first { $0.source == source })
        }

        func decide(_ ws: TemporaryWorkspace, _ kind: Provenance.Record.Kind, _ source: String) throws {
            let hash = try #require(try entry(ws, .review, source).hash)
            try Provenance(root: ws.path).append(.decision(kind, path: source, hash: hash, by: "alice"))
        }

        @Test func anAgentWrittenToolIsRecordedQuarantinedUnderReviewAndActiveUnderAuto() async throws {
            let ws = try TemporaryWorkspace()
            defer { ws.remove() }
            let written = await call(
                box(ws, .review), "write_file", ["path": "src/tools/greet.sh", "content": .string(Self.tool("greet"))])
            #expect(written.ok, "\(written.content)")
            #expect(written.content.contains("not offered until a human approves"), "\(written.content)")
            let record = try #require(Provenance(root: ws.path).read().records.last)
            #expect(record.kind == .write)
            #expect(record.path == "src/tools/greet.sh")
            #expect(record.agent == "scout" && record.session == "s-42")
            #expect(record.hash == (try entry(ws, .auto, "src/tools/greet.sh").hash))

            let held = try entry(ws, .review, "src/tools/greet.sh")
            #expect(held.status == .quarantined(reason: "written by agent scout; awaiting `axon tools approve greet`"))
            #expect(held.author == "scout")
            let catalog = ToolCatalog.load(root: ws.path, trust: .review)
            #expect(catalog.tool(named: "greet") == nil)
            #expect(catalog.problems.contains { $0.hasPrefix("src/tools/greet.sh: tool 'greet' is quarantined") })

            let trusted = try entry(ws, .auto, "src/tools/greet.sh")
            #expect(trusted.status == .active)
            #expect(trusted.author == "scout")
            #expect(ToolCatalog.load(root: ws.path, trust: .auto).tool(named: "greet") != nil)
        }

        @Test func aQuarantinedToolIsNotOfferedShadowsNothingAndACallIsRefused() async throws {
            let ws = try TemporaryWorkspace(files: [".agents/tools/greet.sh": Self.tool("greet", says: "human")])
            defer { ws.remove() }
            _ = await call(
                box(ws, .review), "write_file", ["path": "src/tools/greet.sh", "content": .string(Self.tool("greet"))])
            _ = await call(
                box(ws, .review), "write_file", ["path": "src/tools/mine.sh", "content": .string(Self.tool("mine"))])
            let review = box(ws, .review)
            #expect(!review.specs.contains { $0.name == "mine" })
            // The human's lower-precedence greet is what runs: the quarantined file claims no name.
            #expect(review.catalog.tool(named: "greet")?.source == ".agents/tools/greet.sh")
            let greet = await call(review, "greet")
            #expect(greet.ok && greet.content == "human\n", "\(greet.content)")
            let refused = await call(review, "mine")
            #expect(!refused.ok)
            #expect(refused.errorCode == "policy_denied")
            #expect(refused.content.contains("tool 'mine' (src/tools/mine.sh) is quarantined: written by agent scout"))
            // Under auto the same file runs.
            let auto = await call(box(ws, .auto), "mine")
            #expect(auto.ok && auto.content == "hi\n", "\(auto.content)")
        }

        @Test func approvalIsPinnedToTheContentHash() async throws {
            let ws = try TemporaryWorkspace()
            defer { ws.remove() }
            _ = await call(
                box(ws, .review), "write_file", ["path": "src/tools/greet.sh", "content": .string(Self.tool("greet"))])
            try decide(ws, .approve, "src/tools/greet.sh")
            #expect(try entry(ws, .review, "src/tools/greet.sh").status == .active)
            #expect(try entry(ws, .review, "src/tools/greet.sh").author == "scout")
            let session = box(ws, .review)
            #expect((await call(session, "greet")).content == "hi\n")

            // The agent edits its approved tool: the new content is quarantined, also in the running session.
            let edited = await call(
                session, "edit_file",
                ["path": "src/tools/greet.sh", "old_string": "echo hi", "new_string": "echo changed"])
            #expect(edited.ok, "\(edited.content)")
            let stale = await call(session, "greet")
            #expect(!stale.ok)
            #expect(stale.content.contains("changed since this session loaded it"), "\(stale.content)")
            #expect(try entry(ws, .review, "src/tools/greet.sh").isQuarantined)
            try decide(ws, .approve, "src/tools/greet.sh")
            #expect((await call(session, "greet")).content == "changed\n")
        }

        @Test func aRejectedVersionStaysQuarantinedUntilApproved() async throws {
            let ws = try TemporaryWorkspace()
            defer { ws.remove() }
            _ = await call(
                box(ws, .review), "write_file", ["path": "src/tools/greet.sh", "content": .string(Self.tool("greet"))])
            try decide(ws, .reject, "src/tools/greet.sh")
            guard case .quarantined(let reason) = try entry(ws, .review, "src/tools/greet.sh").status else {
                Issue.record("not quarantined")
                return
            }
            #expect(reason.hasPrefix("written by agent scout; rejected by alice at "), "\(reason)")
            #expect(try entry(ws, .auto, "src/tools/greet.sh").status == .active)
            try decide(ws, .approve, "src/tools/greet.sh")
            #expect(try entry(ws, .review, "src/tools/greet.sh").status == .active)
        }

        @Test func aHumanWrittenOrHumanEditedFileStaysActive() async throws {
            let ws = try TemporaryWorkspace(files: ["src/tools/human.sh": Self.tool("human")])
            defer { ws.remove() }
            let human = try entry(ws, .review, "src/tools/human.sh")
            #expect(human.status == .active && human.author == "unknown")
            #expect(ToolCatalog.load(root: ws.path).entries.first?.author == nil)  // a built-in has no author
            _ = await call(
                box(ws, .review), "write_file", ["path": "src/tools/greet.sh", "content": .string(Self.tool("greet"))])
            #expect(try entry(ws, .review, "src/tools/greet.sh").isQuarantined)
            try ws.write("src/tools/greet.sh", Self.tool("greet", says: "reviewed by hand"))
            let edited = try entry(ws, .review, "src/tools/greet.sh")
            #expect(edited.status == .active && edited.author == "unknown")
        }

        @Test func theRecordIsNeverWritableAndAFailedRecordIsSaid() async throws {
            let ws = try TemporaryWorkspace()
            defer { ws.remove() }
            let forged = await call(box(ws, .review), "write_file", ["path": "data/provenance.jsonl", "content": "x"])
            #expect(forged.errorCode == "policy_denied")
            #expect(forged.content.contains("record of who wrote each tool"), "\(forged.content)")
            // A record that cannot be written: a warning under auto, a refused write under review.
            try FileManager.default.createDirectory(
                atPath: ws.path + "/data/provenance.jsonl", withIntermediateDirectories: true)
            let auto = await call(
                box(ws, .auto), "write_file", ["path": "src/tools/a.sh", "content": .string(Self.tool("a"))])
            #expect(auto.ok)
            #expect(auto.content.contains("\nwarning: cannot record this tool write"), "\(auto.content)")
            let review = await call(
                box(ws, .review), "write_file", ["path": "src/tools/b.sh", "content": "#!/bin/sh\n"])
            #expect(!review.ok)
            #expect(review.content.contains("src/tools/b.sh was not written"), "\(review.content)")
            #expect(!FileManager.default.fileExists(atPath: ws.path + "/src/tools/b.sh"))
            // Unreadable record under review: nobody's authorship is known, so every tool file is held back.
            let held = try entry(ws, .review, "src/tools/a.sh")
            #expect(held.isQuarantined)
            #expect(ToolCatalog.load(root: ws.path, trust: .review).problems.last?.contains("cannot be read") == true)
            // Writes outside the tool directories record nothing.
            try FileManager.default.removeItem(atPath: ws.path + "/data/provenance.jsonl")
            _ = await call(box(ws, .review), "write_file", ["path": "data/notes.md", "content": "n"])
            #expect(!FileManager.default.fileExists(atPath: ws.path + "/data/provenance.jsonl"))
        }

        @Test(.enabled(if: bwrapWorks, "bwrap is not installed or cannot create namespaces here"))
        func underReviewTheSandboxKeepsToolDirectoriesAndTheRecordReadOnly() async throws {
            let ws = try TemporaryWorkspace(files: ["src/tools/.keep": "", "data/keep.md": "k"])
            defer { ws.remove() }
            let shell = { (box: ToolBox, command: String) async -> ToolOutcome in
                await self.call(box, "run_shell", ["command": .string(command)])
            }
            let review = box(ws, .review, sandbox: .auto)
            let tool = await shell(review, "echo x > src/tools/sneaky.sh")
            #expect(!tool.ok, "\(tool.content)")
            let forged = await shell(review, "echo forged >> data/provenance.jsonl")
            #expect(!forged.ok, "\(forged.content)")
            #expect((try? ws.read("data/provenance.jsonl")) == "")
            #expect((await shell(review, "echo ok > data/new.md")).ok)
            // Under auto, create_tools: true opens the tool directory to the shell as before.
            let auto = await shell(box(ws, .auto, sandbox: .auto), "echo x > src/tools/open.sh")
            #expect(auto.ok, "\(auto.content)")
        }
    }
#endif
