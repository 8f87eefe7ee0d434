#if os(Linux)
    import AxonConfig
    import AxonCore
    @testable import AxonRuntime
    import AxonTesting
    import AxonTools
    import AxonTrace
    import Foundation
    import Synchronization
    import Testing

    /// Capabilities that grow inside a running session (issue 11, item 6): real watcher, real files, real tools.
    @Suite(.serialized, .timeLimit(.minutes(2))) struct HotLoadTests {
        static let script = """
            rules:
              - match: grow
                turns:
                  - tool_calls:
                      - name: write_file
                        arguments:
                          path: src/tools/greet.sh
                          content: "#!/bin/sh\\n# ---\\n# name: greet\\n# description: Say hello.\\n# ---\\necho hello from greet\\n"
                  - tool_calls: [{name: greet, arguments: {}}]
                  - text: "greet said {{last_tool_result}}"
              - match: slow
                turns:
                  - tool_calls: [{name: slow, arguments: {}}]
                  - tool_calls: [{name: later, arguments: {}}]
                  - text: "later said {{last_tool_result}}"
              - match: expand the server
                turns:
                  - tool_calls: [{name: mcp__grow__add_tool, arguments: {name: zap}}]
                  - text: "added"
              - match: call zap
                turns:
                  - tool_calls: [{name: mcp__grow__zap, arguments: {}}]
                  - text: "zap: {{last_tool_result}}"
              - match: good
                turns:
                  - tool_calls: [{name: good, arguments: {}}]
                  - text: "{{last_tool_result}}"
            default:
              - text: "ok"
            """

        static func tool(_ name: String, _ body: String) -> String {
            "#!/bin/sh\n# ---\n# name: \(name)\n# description: The \(name) tool.\n# ---\n\(body)\n"
        }

        static let config = FleetConfig(
            models: ["offline": ModelSpec(key: "offline", provider: .replay, script: "script.yaml")],
            agents: [
                "default": AgentSpec(
                    name: "default", model: "offline",
                    policy: PolicySpec(write: ["src/**", "data/**"], createTools: true))
            ],
            agentOrder: ["default"])

        func start(_ ws: TemporaryWorkspace, hotLoad: HotLoad = .watch) async throws -> Session {
            try await Session.start(
                config: Self.config, agent: "default", shape: .script, workspace: Workspace(root: ws.path),
                environment: [
                    "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "AXON_SANDBOX": "none",
                ],
                hotLoad: hotLoad, warn: { _ in })
        }

        func lines(_ ws: TemporaryWorkspace) throws -> [JSONValue] {
            try TraceLines.read(try #require(ws.traceFiles().first))
        }

        func index(_ lines: [JSONValue], _ matches: (JSONValue) -> Bool) -> Int? { lines.firstIndex(where: matches) }

        @Test func anAgentsOwnToolIsCalledAtItsNextModelCallAndANewSessionBootsWithIt() async throws {
            let ws = try TemporaryWorkspace(files: ["script.yaml": Self.script])
            defer { ws.remove() }
            let session = try await start(ws)
            let result = try await session.request("grow")
            await session.end(reason: "completed")
            #expect(result.status == .ok)
            #expect(result.text.contains("greet said hello from greet"), "\(result.text)")
            let trace = try lines(ws)
            let reload = try #require(index(trace) { $0["type"]?.stringValue == "capabilities.reloaded" })
            #expect(trace[reload]["added"]?["tools"] == ["greet"])
            #expect(trace[reload]["request"]?.stringValue == "r1")
            let note = try #require(index(trace) { $0["type"]?.stringValue == "message" && $0["role"] == "system" })
            #expect(trace[note]["content"]?.stringValue?.contains("new tools: greet") == true)
            let calls = trace.indices.filter { trace[$0]["type"]?.stringValue == "model.call" }
            #expect(calls.count == 3 && reload < note && note < calls[1], "reloaded, then the note, then call 2")

            let next = try await start(ws, hotLoad: .none)
            #expect(next.tools.specs.map(\.name).contains("greet"))
            await next.end(reason: "completed")
        }

        @Test func aToolAndKnowledgeAddedDuringASlowToolCallApplyAtTheNextModelCall() async throws {
            let ws = try TemporaryWorkspace(files: ["script.yaml": Self.script])
            defer { ws.remove() }
            // The tool runs until the test lets it finish (at most 20 s): a loaded machine's watcher may take
            // longer than any fixed sleep.
            try ws.write(
                "src/tools/slow.sh",
                Self.tool(
                    "slow",
                    "i=0; while [ ! -f '\(ws.path)/go' ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done; "
                        + "echo slow done"))
            let session = try await start(ws)
            let slowStarted = Mutex(false)
            let request = Task {
                try await session.request("slow") { event in
                    if case .toolCall(let call) = event, call.name == "slow" { slowStarted.withLock { $0 = true } }
                }
            }
            #expect(await eventually(timeout: .seconds(20)) { slowStarted.withLock { $0 } })
            try ws.publish("src/tools/later.sh", Self.tool("later", "echo from later"))
            try ws.publish("data/knowledge/new.md", "# New\nThe deploy key rotates weekly.\n")
            // The watcher has delivered, but a tool call is no safe point: nothing changes under it.
            var pendingSeen = false
            for _ in 0..<20_000 where !pendingSeen {
                pendingSeen = await session.pending?.scope.isSuperset(of: [.tools, .prompt]) == true
                if !pendingSeen { try await Task.sleep(for: .milliseconds(1)) }
            }
            #expect(pendingSeen, "the watcher delivered the new tool and the knowledge file")
            #expect(!session.tools.specs.map(\.name).contains("later"), "applied inside a tool call")
            try ws.write("go", "")
            let result = try await request.value
            await session.end(reason: "completed")
            #expect(result.text.contains("later said from later"), "\(result.text)")
            #expect(await session.systemPrompt.contains("The deploy key rotates weekly."))
            let trace = try lines(ws)
            let slowResult = try #require(
                index(trace) { $0["type"]?.stringValue == "tool.result" && $0["tool"]?.stringValue == "slow" })
            let reload = try #require(index(trace) { $0["type"]?.stringValue == "capabilities.reloaded" })
            let calls = trace.indices.filter { trace[$0]["type"]?.stringValue == "model.call" }
            #expect(slowResult < reload && reload < calls[1])
            #expect(trace[reload]["added"]?["tools"] == ["later"])
            #expect(trace[reload]["added"]?["knowledge"] == ["data/knowledge/new.md"])
        }

        /// A source driven by the test: what a supervisor's broadcast is to a fleet agent.
        final class ManualSource: CapabilitySource {
            let stream: AsyncStream<CapabilityUpdate>
            let continuation: AsyncStream<CapabilityUpdate>.Continuation
            init() { (stream, continuation) = AsyncStream.makeStream() }
            func updates() -> AsyncStream<CapabilityUpdate> { stream }
            func stop() async { continuation.finish() }
        }

        func reaches(_ session: Session, _ generation: Int) async -> Bool {
            for _ in 0..<5000 {
                if await session.generation >= generation { return true }
                try? await Task.sleep(for: .milliseconds(1))
            }
            return false
        }

        @Test func aReloadReReadsOnlyTheChangedPartsAndAllOfThemWhenTheScopeIsUnknown() async throws {
            let ws = try TemporaryWorkspace(files: ["script.yaml": Self.script])
            defer { ws.remove() }
            let source = ManualSource()
            let session = try await start(ws, hotLoad: .source(source, generation: 1))
            try ws.publish("src/tools/fresh.sh", Self.tool("fresh", "echo fresh"))
            try ws.publish("data/knowledge/fresh.md", "# Fresh\nThe cache is warm.\n")
            // Said to be knowledge only: the prompt is re-rendered, the tool directories are not re-scanned.
            source.continuation.yield(CapabilityUpdate(generation: 2, scope: .prompt))
            #expect(await reaches(session, 2))
            #expect(await session.systemPrompt.contains("The cache is warm."))
            #expect(!session.tools.specs.map(\.name).contains("fresh"))
            source.continuation.yield(CapabilityUpdate(generation: 3, scope: .tools))
            #expect(await reaches(session, 3))
            #expect(session.tools.specs.map(\.name).contains("fresh"))
            try ws.publish("src/tools/other.sh", Self.tool("other", "echo other"))
            try ws.publish("data/knowledge/other.md", "# Other\nThe other fact.\n")
            source.continuation.yield(CapabilityUpdate(generation: 4, scope: .touched(by: ["fleet.yaml"])))
            #expect(await reaches(session, 4))
            #expect(session.tools.specs.map(\.name).contains("other"))
            #expect(await session.systemPrompt.contains("The other fact."))
            await session.end(reason: "completed")
            let reloads = try lines(ws).filter { $0["type"]?.stringValue == "capabilities.reloaded" }
            #expect(reloads.map { $0["generation"]?.intValue } == [2, 3, 4])
        }

        @Test func pathsMapToTheCapabilitiesTheyCanChange() {
            #expect(CapabilityScope.touched(by: ["src/tools/a.sh", ".agents/tools/b.py"]) == .tools)
            #expect(
                CapabilityScope.touched(by: [
                    "data/knowledge/a.md", ".agents/knowledge/b.md", "AGENTS.md", "src/boot.md",
                    ".agents/skills/x/SKILL.md",
                ]) == .prompt)
            #expect(CapabilityScope.touched(by: [".agents/mcp.json", "./src/tools/a.sh"]) == [.mcp, .tools])
            #expect(CapabilityScope.touched(by: ["fleet.yaml"]) == .all, "anything else re-reads everything")
            #expect(CapabilityScope.touched(by: [".agents/scripts/x.sh", "src/tools/a.sh"]) == .all)
            #expect(CapabilityScope.touched(by: [String]()) == [])
        }

        @Test func anIdleSessionAppliesASkillFolderAtOnceAndTellsTheModelAtItsNextRequest() async throws {
            let ws = try TemporaryWorkspace(files: ["script.yaml": Self.script, ".agents/skills/.keep": ""])
            defer { ws.remove() }
            let session = try await start(ws)
            let announced = Mutex<[String]>([])
            await session.onReload { line in announced.withLock { $0.append(line) } }
            #expect(!session.tools.specs.map(\.name).contains("load_skill"))
            // A new skill folder, published whole by renaming the folder into place.
            try ws.write(
                ".agents/.release.tmp/SKILL.md", "---\nname: release\ndescription: How to cut a release.\n---\nSteps.\n"
            )
            #expect(rename(ws.path + "/.agents/.release.tmp", ws.path + "/.agents/skills/release") == 0)
            #expect(await eventually(timeout: .seconds(10)) { session.tools.specs.map(\.name).contains("load_skill") })
            #expect(
                await eventually { announced.withLock { $0 }.contains { $0.hasSuffix("+skill release") } },
                "\(announced.withLock { $0 })")
            _ = try await session.request("hello")
            await session.end(reason: "completed")
            let trace = try lines(ws)
            let reload = try #require(index(trace) { $0["type"]?.stringValue == "capabilities.reloaded" })
            #expect(trace[reload]["added"]?["skills"] == ["release"])
            #expect(trace[reload]["request"] == nil, "applied while idle, outside any request")
            let start = try #require(index(trace) { $0["type"]?.stringValue == "request.start" })
            #expect(reload < start)
            let note = try #require(index(trace) { $0["type"]?.stringValue == "message" && $0["role"] == "system" })
            #expect(trace[note]["content"]?.stringValue?.contains("new skills: release") == true)
        }

        @Test func aBrokenManifestKeepsTheLastGoodVersionAndSaysWhere() async throws {
            let ws = try TemporaryWorkspace(files: [
                "script.yaml": Self.script, "src/tools/good.sh": Self.tool("good", "echo good v1"),
            ])
            defer { ws.remove() }
            let session = try await start(ws)
            try ws.publish(
                "src/tools/good.sh", "#!/bin/sh\n# ---\n# name: good\n# description: [broken\n# ---\necho v2\n")
            #expect(
                await eventually(timeout: .seconds(10)) {
                    (try? lines(ws))?.contains { $0["type"]?.stringValue == "capabilities.reloaded" } == true
                })
            #expect(session.tools.specs.map(\.name).contains("good"), "the last good version stays offered")
            let result = try await session.request("good")
            await session.end(reason: "completed")
            #expect(result.status == .ok)
            let trace = try lines(ws)
            let reload = try #require(trace.first { $0["type"]?.stringValue == "capabilities.reloaded" })
            let errors = reload["errors"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(
                errors.contains {
                    $0.hasPrefix("src/tools/good.sh:5:1: in the manifest: YAML syntax error")
                        && $0.contains("last good version")
                }, "\(errors)")
        }

        @Test func aSessionWithoutHotLoadKeepsWhatItBootedWith() async throws {
            let ws = try TemporaryWorkspace(files: ["script.yaml": Self.script])
            defer { ws.remove() }
            let session = try await start(ws, hotLoad: .none)
            try ws.publish("src/tools/later.sh", Self.tool("later", "echo later"))
            try await Task.sleep(for: .milliseconds(300))
            #expect(!session.tools.specs.map(\.name).contains("later"))
            await session.end(reason: "completed")
        }

        /// `python3` can import the `mcp-server-time` package (CI installs it with pip).
        static let timeServerWorks = PythonProbe.canImport("mcp_server_time")

        /// Processes whose working directory is `path` (an MCP server runs in the repo root).
        static func processes(in path: String) -> [String] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return names.filter { name in
                Int32(name) != nil && Int32(name) != getpid()
                    && (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(name)/cwd")) == path
            }
        }

        @Test(.enabled(if: timeServerWorks, "python3 cannot import mcp_server_time (pip install mcp-server-time)"))
        func anMCPJSONWrittenMidSessionAddsItsServersToolsAndTheServerDiesWithTheSession() async throws {
            let ws = try TemporaryWorkspace(files: ["script.yaml": Self.script])
            defer { ws.remove() }
            let session = try await start(ws)
            try ws.publish(
                ".agents/mcp.json",
                #"{"mcpServers": {"time": {"command": "nice", "args": ["-n", "19", "python3", "-m", "mcp_server_time"]}}}"#
            )
            #expect(
                await eventually(timeout: .seconds(60)) {
                    session.tools.specs.map(\.name).contains("mcp__time__get_current_time")
                })
            let outcome = await session.tools.call(
                ToolCall(id: "c1", name: "mcp__time__get_current_time", arguments: ["timezone": "UTC"]), thread: "t")
            #expect(outcome.ok, "\(outcome.content)")
            #expect(outcome.content.contains("UTC"))
            #expect(!Self.processes(in: ws.path).isEmpty, "the server runs in the repo")
            await session.end(reason: "completed")
            #expect(Self.processes(in: ws.path).isEmpty, "no orphan after the session ended")
            // The server is added at once; its tools follow when its first listing (in the background) ends.
            let reloads = try lines(ws).filter { $0["type"]?.stringValue == "capabilities.reloaded" }
            #expect(reloads.first?["added"]?["mcp"] == ["time"])
            #expect(
                reloads.contains { $0["added"]?["tools"]?.arrayValue?.contains("mcp__time__get_current_time") == true })
        }

        /// The MCP fixture server of the AxonMCPTests target (official Python `mcp` package).
        static let growingServer = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../AxonMCPTests/Fixtures/growing_server.py").standardizedFileURL.path

        static let mcpWorks = PythonProbe.canImport("mcp")

        @Test(.enabled(if: mcpWorks, "python3 cannot import mcp (pip install mcp)"))
        func aServersListChangedReachesTheRunningSession() async throws {
            let ws = try TemporaryWorkspace(files: [
                "script.yaml": Self.script,
                ".agents/mcp.json":
                    #"{"mcpServers": {"grow": {"command": "nice", "args": ["-n", "19", "python3", ""#
                    + Self.growingServer + #""]}}}"#,
            ])
            defer { ws.remove() }
            let session = try await start(ws)
            #expect(session.tools.specs.map(\.name).contains("mcp__grow__add_tool"), "listed at boot")
            let added = try await session.request("expand the server")
            #expect(added.status == .ok)
            #expect(
                await eventually(timeout: .seconds(30)) { session.tools.specs.map(\.name).contains("mcp__grow__zap") })
            let result = try await session.request("call zap")
            await session.end(reason: "completed")
            #expect(result.text.contains("zap says hi"), "\(result.text)")
            #expect(Self.processes(in: ws.path).isEmpty, "no orphan after the session ended")
            let reloads = try lines(ws).filter { $0["type"]?.stringValue == "capabilities.reloaded" }
            #expect(reloads.contains { $0["added"]?["tools"] == ["mcp__grow__zap"] })
        }
    }
#endif
