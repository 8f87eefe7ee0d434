#if os(Linux)
    import AxonCore
    import AxonTesting
    import Foundation
    import Testing

    /// The repository's own example fleet (fleet.yaml, data/replay/demo.yaml), as README's first command runs it:
    /// `axon up` through the built binary, the story read back from the traces. toolsmith writes
    /// .agents/tools/check_links.py; the persistent agents hot-load it; reviewer and librarian, every 10s, call
    /// it — an error result while it does not exist, its answer once it does.
    @Suite(.serialized, .timeLimit(.minutes(3))) struct ExampleFleetTests {
        let cli = AxonCLIRunner()
        static let tool = ".agents/tools/check_links.py"

        /// A copy of what the example fleet uses from the repo: its files, the skill toolsmith loads, the shipped
        /// tools and the Markdown the written tool checks. Not `.agents/tools/`: the demo makes its tool there.
        func exampleWorkspace() throws -> TemporaryWorkspace {
            let ws = try TemporaryWorkspace()
            for path in ["fleet.yaml", ".gitignore", "README.md", "docs", "data/replay", "src/tools", ".agents/skills"]
            {
                let target = URL(fileURLWithPath: ws.path + "/" + path)
                try FileManager.default.createDirectory(
                    at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.copyItem(atPath: ToolsCommandTests.repo + "/" + path, toPath: target.path)
            }
            return ws
        }

        /// Each agent's sessions (their trace lines), oldest first, but those of the trace files in `skipping`.
        /// Nil while a trace has a torn last line.
        static func sessions(_ ws: TemporaryWorkspace, skipping: Set<String> = []) -> [String: [[JSONValue]]]? {
            var out: [String: [[JSONValue]]] = [:]
            for file in ws.traceFiles() where !skipping.contains(file) {
                guard let lines = try? TraceLines.read(file) else { return nil }
                if let agent = lines.first?["agent"]?.stringValue { out[agent, default: []].append(lines) }
            }
            return out
        }

        static func entries(_ lines: [JSONValue], _ type: String, tool: String? = nil) -> [JSONValue] {
            lines.filter { $0["type"]?.stringValue == type && (tool == nil || $0["tool"]?.stringValue == tool) }
        }

        /// Whether a session's `capabilities.reloaded` added the tool.
        static func reloadedTheTool(_ lines: [JSONValue]) -> Bool {
            entries(lines, "capabilities.reloaded").contains {
                $0["added"]?["tools"]?.arrayValue?.contains("check_links") == true
            }
        }

        /// The `check_links` results of every session of `agent`, in order.
        static func results(_ sessions: [String: [[JSONValue]]], _ agent: String) -> [JSONValue] {
            (sessions[agent] ?? []).flatMap { entries($0, "tool.result", tool: "check_links") }
        }

        /// Whether one of `agent`'s runs completed with the tool's answer.
        static func answered(_ sessions: [String: [[JSONValue]]], _ agent: String) -> Bool {
            (sessions[agent] ?? []).contains { lines in
                lines.last?["reason"] == "completed"
                    && entries(lines, "tool.result", tool: "check_links").contains { $0["ok"] == true }
            }
        }

        /// Waits (polling the traces) until `condition` holds; false at `timeout`.
        static func eventually(
            _ ws: TemporaryWorkspace, skipping: Set<String> = [], timeout: Duration = .seconds(90),
            _ condition: ([String: [[JSONValue]]]) -> Bool
        ) async -> Bool {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if let sessions = sessions(ws, skipping: skipping), condition(sessions) { return true }
                try? await Task.sleep(for: .milliseconds(100))
            }
            return false
        }

        /// Stops `up` as Ctrl-C does and checks it left nothing behind.
        func stop(_ up: BackgroundCLI, _ env: [String: String]) async {
            up.signal(SIGINT)
            #expect(await up.exit(within: .seconds(15)) == 0, "\(up.stdout)\n\(up.stderr)")
            #expect(up.lines.last == "fleet: stopped", "\(up.stdout)")
            #expect(await FleetTests.noneSurvive(env))
        }

        @Test func readmesFirstCommandRunsTheExampleFleet() throws {
            let readme = try String(contentsOfFile: ToolsCommandTests.repo + "/README.md", encoding: .utf8)
            let first = readme.components(separatedBy: "```sh\n").dropFirst().first
            #expect(first?.hasPrefix("swift run axon up ") == true, "\(first ?? readme)")
        }

        @Test func toolsmithWritesAToolAndTheOtherAgentsHotLoadAndCallIt() async throws {
            let ws = try exampleWorkspace()
            defer { ws.remove() }
            let env = ["AXON_TEST_FLEET": UUID().uuidString]
            let up = try BackgroundCLI(cli, ["up"], cwd: ws.path, environment: env)
            // Complete once both callers answered with the tool (runs 10s apart) and the idle agents reloaded.
            let told = await Self.eventually(ws) { sessions in
                ["reviewer", "librarian"].allSatisfy { Self.answered(sessions, $0) }
                    && ["default", "scout"].allSatisfy { sessions[$0]?.contains(where: Self.reloadedTheTool) == true }
            }
            #expect(told, "\(up.stdout)\n\(up.stderr)")
            await stop(up, env)
            #expect(up.lines.contains { $0.hasPrefix("hot-load generation ") && $0.contains("(tools): acked by") })
            let sessions = try #require(Self.sessions(ws))

            // toolsmith: the skill, the write, its own reload, a first call of its tool; then it completed.
            let smith = try #require(sessions["toolsmith"]?.first)
            #expect(sessions["toolsmith"]?.count == 1, "a prompt agent without every: runs once")
            #expect(
                Self.entries(smith, "tool.call").compactMap { $0["tool"]?.stringValue } == [
                    "load_skill", "write_file", "check_links",
                ])
            let write = try #require(Self.entries(smith, "tool.call", tool: "write_file").first)
            #expect(write["arguments"]?["path"]?.stringValue == Self.tool)
            let written = try #require(Self.entries(smith, "tool.result", tool: "write_file").first)
            #expect(written["ok"] == true && written["content"]?.stringValue?.hasPrefix("created \(Self.tool)") == true)
            #expect(Self.reloadedTheTool(smith))
            #expect(Self.entries(smith, "tool.result", tool: "check_links").first?["ok"] == true)
            #expect(smith.last?["reason"]?.stringValue == "completed")
            #expect(try ws.read(Self.tool).contains("# name: check_links"))
            #expect(try ws.read("data/provenance.jsonl").contains("\"agent\":\"toolsmith\""))

            // The callers: each call before the tool existed is an error result the model saw; the later ones
            // are the tool's answer. Every run completed.
            for (agent, checked) in [("reviewer", "in 1 Markdown file: "), ("librarian", "Markdown files: ")] {
                let results = Self.results(sessions, agent)
                for result in results {
                    let content = result["content"]?.stringValue ?? ""
                    if result["ok"] == true {
                        #expect(content.hasPrefix("checked ") && content.contains(checked), "\(agent): \(content)")
                    } else {
                        #expect(content.contains("there is no tool 'check_links'"), "\(agent): \(content)")
                    }
                }
                #expect(results.last?["ok"] == true, "\(agent): \(results)")
                // The stop may catch a run in flight: that one ends `signal`.
                let ends = (sessions[agent] ?? []).map { $0.last?["reason"]?.stringValue ?? "none" }
                #expect(
                    ends.dropLast().allSatisfy { $0 == "completed" } && ["completed", "signal"].contains(ends.last))
            }

            // A second `axon up` finds the tool: toolsmith rewrites the same bytes (nothing to reload), and the
            // callers' first runs already call it.
            let firstRun = Set(ws.traceFiles())
            let again = try BackgroundCLI(cli, ["up"], cwd: ws.path, environment: env)
            let rerun = await Self.eventually(ws, skipping: firstRun) { sessions in
                sessions["toolsmith"]?.first?.last?["type"] == "session.end"
                    && ["reviewer", "librarian"].allSatisfy { !Self.results(sessions, $0).isEmpty }
            }
            #expect(rerun, "\(again.stdout)\n\(again.stderr)")
            await stop(again, env)
            let second = try #require(Self.sessions(ws, skipping: firstRun))
            let smithAgain = try #require(second["toolsmith"]?.first)
            let rewritten = Self.entries(smithAgain, "tool.result", tool: "write_file").first
            #expect(rewritten?["content"]?.stringValue?.hasPrefix("wrote \(Self.tool)") == true, "\(smithAgain)")
            #expect(!Self.reloadedTheTool(smithAgain))
            for agent in ["reviewer", "librarian"] {
                #expect(Self.results(second, agent).first?["ok"] == true, "\(agent): \(Self.results(second, agent))")
            }
        }
    }
#endif
