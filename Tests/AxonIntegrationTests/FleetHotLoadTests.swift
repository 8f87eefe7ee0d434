#if os(Linux)
    import AxonControl
    import AxonCore
    import AxonProcess
    import AxonTesting
    import Foundation
    import Synchronization
    import Testing

    /// Hot-load in a fleet through the built binary: the supervisor's one watcher, broadcast on each agent's
    /// channel (fd 3), acked back, and an agent that ends when its channel does.
    @Suite(.serialized, .timeLimit(.minutes(3))) struct FleetHotLoadTests {
        let cli = AxonCLIRunner()
        let driver = FleetTests()

        static let replay = """
            rules:
              - match: call fresh
                turns:
                  - tool_calls: [{name: fresh, arguments: {}}]
                  - text: "fresh said {{last_tool_result}}"
              - match: make a tool
                turns:
                  - tool_calls:
                      - name: write_file
                        arguments:
                          path: src/tools/shared.sh
                          content: "#!/bin/sh\\n# ---\\n# name: shared\\n# description: Shared by all.\\n# ---\\necho from shared\\n"
                  - text: "made it"
              - match: call shared
                turns:
                  - tool_calls: [{name: shared, arguments: {}}]
                  - text: "shared said {{last_tool_result}}"
            default:
              - text: "echo {{prompt}}"
            """

        static func tool(_ name: String, _ body: String) -> String {
            "#!/bin/sh\n# ---\n# name: \(name)\n# description: The \(name) tool.\n# ---\n\(body)\n"
        }

        /// Writes `content` beside `file` and renames it into place, executable: how a writer publishes.
        static func publish(_ ws: TemporaryWorkspace, _ file: String, _ content: String) throws {
            let temp = (file as NSString).deletingLastPathComponent + "/.publish.tmp"
            try ws.write(temp, content)
            chmod(ws.path + "/" + temp, 0o755)
            #expect(rename(ws.path + "/" + temp, ws.path + "/" + file) == 0)
        }

        /// Each session's trace, by agent name.
        static func traces(_ ws: TemporaryWorkspace) throws -> [String: [JSONValue]] {
            var out: [String: [JSONValue]] = [:]
            for file in ws.traceFiles() {
                let lines = try TraceLines.read(file)
                if let agent = lines.first?["agent"]?.stringValue { out[agent] = lines }
            }
            return out
        }

        static func reloads(_ lines: [JSONValue]) -> [JSONValue] {
            lines.filter { $0["type"]?.stringValue == "capabilities.reloaded" }
        }

        static func eventually(_ condition: () -> Bool) async -> Bool {
            for _ in 0..<500 where !condition() { try? await Task.sleep(for: .milliseconds(10)) }
            return condition()
        }

        /// How many inotify instances `pid` holds.
        static func inotifyInstances(_ pid: Int32) -> Int {
            let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
            return fds.filter {
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)"))
                    == "anon_inode:inotify"
            }.count
        }

        @Test func aToolAndAKnowledgeFilePublishedOnceReachEveryAgentThroughTheSupervisor() async throws {
            let server = try await FakeModelServer.start()
            let fleet = """
                version: 1
                models:
                  offline: {provider: replay, script: data/replay/demo.yaml}
                  gpt: {provider: openai, model: gpt-4.1-mini, base_url: "\(server.openAIBaseURL)"}
                defaults:
                  model: offline
                  policy: {write: ["src/**"], create_tools: true}
                agents:
                  alpha: {}
                  beta: {}
                  delta: {}
                  gamma: {model: gpt}
                """
            let ws = try TemporaryWorkspace(files: [
                "fleet.yaml": fleet, "data/replay/demo.yaml": Self.replay, "src/tools/.keep": "",
                "data/knowledge/.keep": "",
            ])
            defer { ws.remove() }
            let env = [
                "AXON_TEST_FLEET": UUID().uuidString, "AXON_SANDBOX": "none", "OPENAI_API_KEY": "sk-test-key",
                "AXON_MODEL_IDLE_TIMEOUT": "5s",
            ]
            let up = try BackgroundCLI(cli, ["up"], cwd: ws.path, environment: env)
            var pids: [Int32] = []
            for id in ["alpha.1", "beta.1", "delta.1", "gamma.1"] {
                let line = await up.line(containing: "\(id) started pid")
                pids.append(
                    try #require(
                        line.flatMap { $0.split(separator: " ").last }.flatMap { Int32($0) },
                        "\(up.stdout)\n\(up.stderr)"))
            }
            for _ in 0..<400 where ws.traceFiles().count < 4 { try await Task.sleep(for: .milliseconds(25)) }
            #expect(ws.traceFiles().count == 4)
            // One inotify instance for the fleet: the supervisor's; none in any agent.
            #expect(Self.inotifyInstances(up.pid) == 1)
            #expect(pids.map(Self.inotifyInstances) == [0, 0, 0, 0])

            try Self.publish(ws, "src/tools/fresh.sh", Self.tool("fresh", "echo fresh!"))
            let tools = await up.line {
                $0.hasPrefix("hot-load generation ") && $0.contains("(tools): acked by 4/4 agents in ")
            }
            #expect(tools != nil, "\(up.stdout)\n\(up.stderr)")
            // Acked once appended to each trace; the fsync follows.
            #expect(
                await Self.eventually {
                    let traces = (try? Self.traces(ws)) ?? [:]
                    return traces.count == 4
                        && traces.values.allSatisfy { Self.reloads($0).contains { $0["added"]?["tools"] == ["fresh"] } }
                }, "\((try? Self.traces(ws))?.mapValues(Self.reloads) ?? [:])")
            let called = try await driver.request("beta", "call fresh", ws, env)
            #expect(called.status == 0, "\(called.stderr)")
            #expect(
                try JSONValue(parsing: called.stdout)["text"]?.stringValue == "fresh said fresh!\n", "\(called.stdout)")

            try Self.publish(ws, "data/knowledge/deploy.md", "# Deploy\nThe deploy key rotates weekly.\n")
            let prompt = await up.line { $0.contains("(prompt): acked by 4/4 agents in ") }
            #expect(prompt != nil, "\(up.stdout)")
            #expect(
                await Self.eventually {
                    let traces = (try? Self.traces(ws)) ?? [:]
                    return traces.count == 4
                        && traces.values.allSatisfy {
                            Self.reloads($0).contains { $0["added"]?["knowledge"] == ["data/knowledge/deploy.md"] }
                        }
                }, "\((try? Self.traces(ws))?.mapValues(Self.reloads) ?? [:])")
            let asked = try await driver.request("gamma", "what rotates?", ws, env)
            #expect(asked.status == 0, "\(asked.stderr)")
            let system = server.requests.last?.body?["messages"]?.arrayValue?.first?["content"]?.stringValue ?? ""
            #expect(system.contains("The deploy key rotates weekly."), "\(system.prefix(400))")

            // One agent writes a tool; the broadcast brings it to the others.
            let made = try await driver.request("alpha", "make a tool", ws, env)
            #expect(made.status == 0, "\(made.stderr)")
            #expect(
                await up.line { _ in up.lines.filter { $0.contains("(tools): acked by 4/4 agents") }.count >= 2 }
                    != nil,
                "\(up.stdout)")
            for agent in ["beta", "delta"] {
                let shared = try await driver.request(agent, "call shared", ws, env)
                #expect(
                    try JSONValue(parsing: shared.stdout)["text"]?.stringValue == "shared said from shared\n",
                    "\(agent): \(shared.stdout) \(shared.stderr)")
            }

            up.signal(SIGTERM)
            #expect(await up.exit(within: .seconds(15)) == 0, "\(up.stdout)\n\(up.stderr)")
            await server.stop()
            #expect(up.lines.last == "fleet: stopped", "\(up.stdout)")
            #expect(await FleetTests.noneSurvive(env))
        }

        @Test func anAgentFollowsOnlyItsChannelAcksWhatItAppliedAndEndsWhenTheChannelCloses() async throws {
            let ws = try TemporaryWorkspace(files: [
                "fleet.yaml": FleetTests.fleetFile("solo: {}"), "data/replay/demo.yaml": Self.replay,
                "src/tools/.keep": "",
            ])
            defer { ws.remove() }
            let (mine, theirs) = try #require(ChannelPeer.pair())
            let acks = Mutex<[Int]>([])
            let (ends, ended) = AsyncStream.makeStream(of: Void.self)
            let peer = ChannelPeer(
                fd: mine,
                onMessage: { message in
                    if case .ack(let generation) = message { acks.withLock { $0.append(generation) } }
                }, onClose: { ended.yield() })
            let marker = UUID().uuidString
            // No supervisor pid: the parent-death signal is not armed, only the channel ties the agent to us.
            let agent = try ChildProcess.spawn(
                ProcessSpec(
                    [cli.binary, "agent", "solo", "--replica", "1", "--repo", ws.path], directory: ws.path,
                    environment: AxonCLIRunner.childEnvironment([
                        "AXON_CHANNEL_FD": "3", "AXON_GENERATION": "5", "AXON_SANDBOX": "none",
                        "AXON_TEST_FLEET": marker,
                    ]), output: .appendingTo(ws.path + "/agent.log"), channel: theirs))
            close(theirs)
            let exit = Task { await agent.wait(killingStragglers: true) }
            func eventually(_ condition: () -> Bool) async -> Bool {
                for _ in 0..<1000 where !condition() { try? await Task.sleep(for: .milliseconds(10)) }
                return condition()
            }
            #expect(await eventually { acks.withLock { $0 } == [5] }, "it acks the generation it booted with")
            // Its own watcher would see this at once; it waits for the supervisor's word instead.
            try Self.publish(ws, "src/tools/fresh.sh", Self.tool("fresh", "echo fresh!"))
            try await Task.sleep(for: .milliseconds(500))
            #expect(Self.reloads(try Self.traces(ws)["solo"] ?? []).isEmpty)
            // Garbage first: ignored, never fatal.
            let junk = Array("{\"v\":1,\"type\":\"capabilities\"}\nnot json\n\u{1}\n{\"v\":9}\n".utf8)
            _ = junk.withUnsafeBytes { write(mine, $0.baseAddress, $0.count) }
            peer.send(.capabilities(generation: 6, scope: ["tools"]))
            #expect(await eventually { acks.withLock { $0 }.last == 6 }, "\(acks.withLock { $0 })")
            #expect(await eventually { !Self.reloads((try? Self.traces(ws))?["solo"] ?? []).isEmpty })
            let reloads = Self.reloads(try Self.traces(ws)["solo"] ?? [])
            #expect(reloads.map { $0["generation"]?.intValue } == [6] && reloads.first?["added"]?["tools"] == ["fresh"])

            peer.close()
            for await _ in ends { break }
            let termination = await exit.value
            #expect(termination == .exited(128 + SIGTERM), "\(termination)")
            let lines = try #require(try Self.traces(ws)["solo"])
            #expect(lines.last?["type"]?.stringValue == "session.end")
            #expect(try ws.read("agent.log").contains("the supervisor's channel closed"))
            #expect(await FleetTests.noneSurvive(["AXON_TEST_FLEET": marker]))
        }
    }
#endif
