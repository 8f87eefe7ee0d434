#if os(Linux)
    import AxonCore
    import AxonTesting
    import Foundation
    import Testing

    /// What the agents report on their channels, through the built binary: `axon ps` states (idle, working,
    /// looping, stalled) and the budgets that stop an agent.
    @Suite(.serialized, .timeLimit(.minutes(3))) struct FleetActivityTests {
        let cli = AxonCLIRunner()
        let fleet = FleetTests()
        let control = FleetControlTests()

        /// A repo whose replay model is priced so that one call costs dollars (~$0.1 per token).
        func pricedWorkspace(_ agents: String, budget: String? = nil) throws -> TemporaryWorkspace {
            let fleetFile = """
                version: 1
                models:
                  paid: {provider: replay, script: data/replay/demo.yaml, price: {input: 100000, output: 100000}}
                defaults:
                  model: paid
                \(budget.map { "budget: {usd: \($0)}\n" } ?? "")agents:
                \(agents.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
                """
            return try TemporaryWorkspace(files: ["fleet.yaml": fleetFile, "data/replay/demo.yaml": FleetTests.replay])
        }

        func instance(_ ws: TemporaryWorkspace, _ env: [String: String], _ id: String) async throws -> JSONValue? {
            try await control.ps(ws, env)?["instances"]?.arrayValue?.first { $0["id"]?.stringValue == id }
        }

        /// One request to `agent` once it is idle: its one model call costs more than any budget here. The
        /// agent is stopped as soon as it reports that call, so the request may end ok or cancelled; either way
        /// the agent's trace ends with `session.end`.
        func spend(_ agent: String, _ ws: TemporaryWorkspace, _ env: [String: String]) async throws {
            let idle = try await control.waitForInstances(ws, env) {
                FleetControlTests.state($0, agent + ".1") == "idle"
            }
            #expect(FleetControlTests.state(idle, agent + ".1") == "idle", "\(idle)")
            _ = try await cli.run(["request", "-a", agent, "hello"], cwd: ws.path, environment: env)
            var ended = false
            for _ in 0..<200 where !ended {
                let traces = try ws.traceFiles().map { try TraceLines.read($0) }.filter {
                    $0.first?["agent"]?.stringValue == agent
                }
                ended = !traces.isEmpty && traces.allSatisfy { $0.last?["type"] == "session.end" }
                if !ended { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(ended, "the agent's session ended with session.end")
        }

        @Test func anAgentOverItsBudgetIsStoppedWithTheReasonStaysStoppedAndRunsOnceTheBudgetIsRaised() async throws {
            let ws = try pricedWorkspace("spender: {budget: {usd: 0.5}}\ncalm: {}")
            defer { ws.remove() }
            let env = fleet.marker()
            let up = try fleet.up(ws, env)
            try await spend("spender", ws, env)
            let stopping = await up.line(containing: "spender.1 stopping: budget spent: $")
            #expect(stopping?.hasSuffix("of $0.5000 (raise it in fleet.yaml to run it again)") == true, "\(up.stdout)")
            #expect(await up.line(containing: "not restarted (budget spent") != nil, "\(up.stdout)")
            let row = try await control.waitForInstances(ws, env) {
                FleetControlTests.state($0, "spender.1") == "stopped"
            }
            let spender = try #require(row.first { $0["id"]?.stringValue == "spender.1" })
            #expect(spender["reason"]?.stringValue?.hasPrefix("budget spent: $") == true, "\(spender)")
            #expect(FleetControlTests.state(row, "calm.1") == "idle", "one agent's budget never stops another")
            let restart = try await cli.run(["restart", "spender"], cwd: ws.path, environment: env)
            #expect(restart.status != 0)
            #expect(restart.stderr.contains("spender.1: budget spent"), "\(restart.stderr)")
            #expect(restart.stderr.contains("raise the budget in fleet.yaml"), "\(restart.stderr)")
            up.signal(SIGTERM)
            #expect(await up.exit(within: .seconds(15)) == 0)

            // The traces are the record: the next `axon up` keeps it stopped without a request.
            let again = try fleet.up(ws, env)
            #expect(await again.line(containing: "spender.1 stopping: budget spent") != nil, "\(again.stdout)")
            #expect(await again.line(containing: "calm.1 started pid") != nil)
            #expect(!again.stdout.contains("spender.1 started"))
            // Raising it in fleet.yaml runs it again.
            try ws.write(
                "fleet.yaml",
                try String(contentsOfFile: ws.path + "/fleet.yaml", encoding: .utf8)
                    .replacingOccurrences(of: "usd: 0.5", with: "usd: 100000"))
            #expect(await again.line(containing: "spender.1 started pid") != nil, "\(again.stdout)")
            again.signal(SIGTERM)
            #expect(await again.exit(within: .seconds(15)) == 0)
            #expect(await FleetTests.noneSurvive(env))
        }

        @Test func theFleetBudgetStopsEveryAgent() async throws {
            let ws = try pricedWorkspace("one: {}\ntwo: {}", budget: "0.5")
            defer { ws.remove() }
            let env = fleet.marker()
            let up = try fleet.up(ws, env)
            try await spend("one", ws, env)
            #expect(await up.line(containing: "one.1 stopping: fleet budget spent: $") != nil, "\(up.stdout)")
            #expect(await up.line(containing: "two.1 stopping: fleet budget spent: $") != nil, "\(up.stdout)")
            // Nothing is left to run: the fleet ends by itself, and says why.
            #expect(await up.exit(within: .seconds(15)) == 1)
            #expect(up.stderr.contains("over budget"), "\(up.stderr)")
            #expect(await FleetTests.noneSurvive(env))
        }

        @Test func psShowsWorkingStalledAndLoopingFromWhatTheAgentsReport() async throws {
            let replay = FleetTests.replay.replacingOccurrences(
                of: "default:",
                with: """
                      - match: hold on
                        turns:
                          - tool_calls: [{name: hold, arguments: {}}]
                          - text: "{{last_tool_result}}"
                      - match: again and again
                        turns:
                          - tool_calls: [{name: list_files, arguments: {path: "."}}]
                          - tool_calls: [{name: list_files, arguments: {path: "."}}]
                          - tool_calls: [{name: list_files, arguments: {path: "."}}]
                          - text: "never reached"
                    default:
                    """)
            let ws = try TemporaryWorkspace(files: [
                "fleet.yaml": FleetTests.fleetFile("alpha: {stall_after: 1s, policy: {write: [\"data/**\"]}}"),
                "data/replay/demo.yaml": replay,
            ])
            defer { ws.remove() }
            try FleetTests.holdTool(in: ws, polls: 2400)
            let env = fleet.marker()
            let up = try fleet.up(ws, env)
            let ready = try await fleet.request("alpha", "hello", ws, env)
            #expect(ready.status == 0, "\(ready.stderr)")
            let idle = try await instance(ws, env, "alpha.1")
            #expect(idle?["state"]?.stringValue == "idle", "\(String(describing: idle))")
            #expect(idle?["session"]?.stringValue?.isEmpty == false && idle?["cost_usd"] != nil)

            let held = try BackgroundCLI(cli, ["request", "-a", "alpha", "hold on"], cwd: ws.path, environment: env)
            let working = try await control.waitForInstances(ws, env) {
                FleetControlTests.state($0, "alpha.1") == "working"
            }
            #expect(FleetControlTests.state(working, "alpha.1") == "working", "\(working)")
            // No trace entry while the tool runs: stalled after `stall_after`, said once in `axon up`.
            #expect(await up.line(containing: "alpha.1 stalled: request r2 has made no progress for") != nil)
            let stalled = try await control.waitForInstances(ws, env) {
                FleetControlTests.state($0, "alpha.1") == "stalled"
            }
            #expect(FleetControlTests.state(stalled, "alpha.1") == "stalled", "\(stalled)")
            try FileManager.default.removeItem(atPath: ws.path + "/data/gate")
            #expect(await held.exit(within: .seconds(30)) == 0)
            let after = try await control.waitForInstances(ws, env) {
                FleetControlTests.state($0, "alpha.1") == "idle"
            }
            #expect(FleetControlTests.state(after, "alpha.1") == "idle", "\(after)")

            let loop = try await cli.run(["request", "-a", "alpha", "again and again"], cwd: ws.path, environment: env)
            #expect(loop.status != 0, "a looping request is not ok: \(loop.stdout)")
            #expect(await up.line(containing: "alpha.1 looping: its request repeated one tool call") != nil)
            #expect(
                FleetControlTests.state(try await control.ps(ws, env)?["instances"]?.arrayValue ?? [], "alpha.1")
                    == "looping")
            up.signal(SIGTERM)
            #expect(await up.exit(within: .seconds(15)) == 0)
            #expect(await FleetTests.noneSurvive(env))
        }
    }
#endif
