#if os(Linux)
    import AxonCore
    import AxonTesting
    import Foundation
    import Testing

    /// `axon up` through the built binary, on the replay model: agents in their own groups, requests into the
    /// fleet, restarts, schedules, the lock, and stops that leave no process behind.
    @Suite(.serialized, .timeLimit(.minutes(3))) struct FleetTests {
        let cli = AxonCLIRunner()

        static let replay = """
            rules:
              - match: hello
                turns:
                  - text: "Hello from the fleet."
            default:
              - text: "echo {{prompt}}"
            """

        /// A repo whose fleet.yaml defines `agents` (YAML under `agents:`), on the replay model.
        func workspace(_ agents: String, scripts: [String: String] = [:]) throws -> TemporaryWorkspace {
            var files = ["fleet.yaml": Self.fleetFile(agents), "data/replay/demo.yaml": Self.replay]
            for (name, body) in scripts { files["src/scripts/" + name] = body }
            return try TemporaryWorkspace(files: files)
        }

        /// fleet.yaml defining `agents` (YAML under `agents:`) on the replay model.
        static func fleetFile(_ agents: String) -> String {
            """
            version: 1
            models:
              offline: {provider: replay, script: data/replay/demo.yaml}
            defaults:
              model: offline
            agents:
            \(agents.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            """
        }

        /// `axon request -a AGENT --json PROMPT`, retried until the agent's socket is up.
        func request(_ agent: String, _ prompt: String, _ ws: TemporaryWorkspace, _ env: [String: String])
            async throws -> CLIResult
        {
            var answer = try await cli.run(
                ["request", "-a", agent, "--json", prompt], cwd: ws.path, environment: env)
            for _ in 0..<100 where answer.status != 0 {
                try await Task.sleep(for: .milliseconds(100))
                answer = try await cli.run(
                    ["request", "-a", agent, "--json", prompt], cwd: ws.path, environment: env)
            }
            return answer
        }

        /// The executable tool `hold`: it runs until the test removes `data/gate` (at most `polls` × 50 ms), so
        /// an agent stays busy for as long as the test needs (its 10m timeout never cuts the wait short).
        static func holdTool(in ws: TemporaryWorkspace, polls: Int) throws {
            try ws.write("data/gate", "")
            try ws.write(
                "src/tools/hold.sh",
                "#!/bin/sh\n# ---\n# name: hold\n# description: Wait for the gate.\n# timeout: 10m\n# ---\n"
                    + "i=0; while [ -f '\(ws.path)/data/gate' ] && [ $i -lt \(polls) ]; do sleep 0.05; i=$((i+1)); done; "
                    + "echo held\n")
            chmod(ws.path + "/src/tools/hold.sh", 0o755)
        }

        /// A marker every process of this fleet inherits, to count survivors by.
        func marker() -> [String: String] { ["AXON_TEST_FLEET": UUID().uuidString] }

        func up(_ ws: TemporaryWorkspace, _ env: [String: String], _ extra: [String] = []) throws -> BackgroundCLI {
            try BackgroundCLI(cli, ["up"] + extra, cwd: ws.path, environment: env)
        }

        /// The pid in a `NAME started pid N` line.
        static func pid(in line: String?) -> Int32? {
            line.flatMap { $0.split(separator: " ").last }.flatMap { Int32($0) }
        }

        /// Waits until no process carries `env`'s marker; true when none does.
        static func noneSurvive(_ env: [String: String], within limit: Duration = .seconds(5)) async -> Bool {
            let value = env["AXON_TEST_FLEET"] ?? ""
            let deadline = ContinuousClock.now + limit
            while !ProcessTable.processes(withEnvironment: "AXON_TEST_FLEET", value: value).isEmpty {
                if ContinuousClock.now > deadline { return false }
                try? await Task.sleep(for: .milliseconds(50))
            }
            return true
        }

        @Test func twoPersistentAgentsServeRequestsAndSIGTERMStopsThemLeavingNothing() async throws {
            let ws = try workspace("alpha: {replicas: 2}\nbeta: {thread: notes}")
            defer { ws.remove() }
            let env = marker()
            let fleet = try up(ws, env)
            let alpha = try #require(
                Self.pid(in: await fleet.line(containing: "alpha.1 started pid")), "\(fleet.stderr)")
            let second = try #require(Self.pid(in: await fleet.line(containing: "alpha.2 started pid")))
            let beta = try #require(Self.pid(in: await fleet.line(containing: "beta.1 started pid")))
            // Each instance leads its own process group (and session), apart from the supervisor's.
            for pid in [alpha, second, beta] {
                let group = try #require(ProcessTable.group(of: pid))
                #expect(group.pgid == pid && group.sid == pid)
            }
            #expect(ProcessTable.group(of: fleet.pid)?.pgid != alpha)
            // A request into the fleet, by agent name.
            let answer = try await request("beta", "hello", ws, env)
            #expect(answer.status == 0, "\(answer.stderr)")
            let result = try JSONValue(parsing: answer.stdout)
            #expect(result["text"]?.stringValue == "Hello from the fleet.")
            #expect(result["agent"]?.stringValue == "beta" && result["thread"]?.stringValue == "notes")

            fleet.signal(SIGTERM)
            #expect(await fleet.exit(within: .seconds(15)) == 0, "stdout: \(fleet.stdout)\nstderr: \(fleet.stderr)")
            #expect(fleet.lines.contains("fleet: stopping 3 agents"))
            #expect(fleet.lines.last == "fleet: stopped", "\(fleet.stdout)")
            #expect([alpha, second, beta].allSatisfy { ProcessTable.groupIsEmpty($0) })
            #expect(await Self.noneSurvive(env))
            let traces = try ws.traceFiles().map { try TraceLines.read($0) }
            #expect(traces.count == 3, "one session per instance")
            for lines in traces {
                #expect(lines.first?["shape"]?.stringValue == "fleet")
                #expect(lines.last?["type"]?.stringValue == "session.end")
                #expect(lines.last?["reason"]?.stringValue == "signal")
            }
        }

        @Test func aCrashLoopingScriptAgentGoesFatalWithoutTouchingTheOtherAgent() async throws {
            let ws = try workspace(
                "crashy: {run: crash, restart: {backoff: 50ms, max_restarts: 3}}\nsteady: {}",
                scripts: ["crash.sh": "#!/bin/sh\nexit 1\n"])
            defer { ws.remove() }
            let env = marker()
            let fleet = try up(ws, env)
            let fatal = await fleet.line(containing: "crashy.1 fatal: 3 restarts in 5m")
            #expect(fatal != nil, "stdout: \(fleet.stdout)\nstderr: \(fleet.stderr)")
            let lines = fleet.lines
            #expect(lines.filter { $0.hasPrefix("crashy.1 started pid") }.count == 4)
            #expect(lines.contains("crashy.1 exited 1, restarting now"))
            #expect(lines.contains { $0.hasPrefix("crashy.1 exited 1, restarting in ") }, "then a backoff")
            #expect(lines.filter { $0.hasPrefix("steady.1 started") }.count == 1)
            #expect(!lines.contains { $0.hasPrefix("steady.1 exited") }, "the other agent is untouched")
            fleet.signal(SIGINT)
            #expect(await fleet.exit(within: .seconds(15)) == 0)
            #expect(await Self.noneSurvive(env))
            // Every crashed run was still a whole session: four traces end with session.end, reason failed.
            let crashed = try ws.traceFiles().map { try TraceLines.read($0) }.filter {
                $0.first?["agent"]?.stringValue == "crashy"
            }
            #expect(crashed.count == 4)
            #expect(crashed.allSatisfy { $0.last?["reason"]?.stringValue == "failed" })
        }

        @Test func exitZeroUnderOnFailureIsNotRestartedAndAnExecFailureIsNoLoop() async throws {
            let ws = try workspace(
                "once: {run: ok, env: {GREETING: hi}}\nbroken: {run: broken}",
                scripts: [
                    "ok.sh": "#!/bin/sh\necho \"$GREETING $AXON_INSTANCE $AXON_AGENT\" > .axon/env.txt\n",
                    "broken.sh": "#!/nonexistent/interpreter\n",
                ])
            defer { ws.remove() }
            let env = marker()
            let fleet = try up(ws, env)
            // Both end for good, so the supervisor ends by itself; the exec failure makes that exit 1.
            #expect(await fleet.exit(within: .seconds(30)) == 1, "\(fleet.stdout)\n\(fleet.stderr)")
            let lines = fleet.lines
            #expect(lines.contains("once.1 exited 0, completed"), "\(lines)")
            #expect(lines.filter { $0.hasPrefix("once.1 started") }.count == 1)
            #expect(lines.contains { $0.hasPrefix("broken.1 exec failed: exit 127") }, "\(lines)")
            #expect(lines.filter { $0.hasPrefix("broken.1 started") }.count == 1, "no hot loop")
            #expect(lines.last == "fleet: nothing left to run")
            #expect(try ws.read(".axon/logs/broken.1.log").contains("/nonexistent/interpreter"))
            #expect(try ws.read(".axon/env.txt") == "hi once.1 once\n", "the agent's env: reaches its process")
        }

        @Test func aPromptAgentWithEveryRunsOnScheduleOnItsThread() async throws {
            let ws = try workspace("ticker: {prompt: \"hello\", thread: ticks, every: 1s}")
            defer { ws.remove() }
            let env = marker()
            let fleet = try up(ws, env)
            let third = await fleet.line(timeout: .seconds(40)) { _ in
                fleet.lines.filter { $0.hasPrefix("ticker.1 exited 0, completed; next run in") }.count >= 3
            }
            #expect(third != nil, "\(fleet.stdout)\n\(fleet.stderr)")
            fleet.signal(SIGTERM)
            #expect(await fleet.exit(within: .seconds(15)) == 0)
            let traces = try ws.traceFiles().map { try TraceLines.read($0) }
            let completed = traces.filter { $0.last?["reason"]?.stringValue == "completed" }
            #expect(completed.count >= 3)
            for lines in completed {
                #expect(lines.first?["shape"]?.stringValue == "fleet")
                let start = lines.first { $0["type"]?.stringValue == "request.start" }
                #expect(start?["thread"]?.stringValue == "ticks" && start?["prompt"]?.stringValue == "hello")
            }
            // The thread holds every run, in order.
            let thread = try await cli.run(["thread", "ticks", "--json"], cwd: ws.path)
            #expect(thread.status == 0 && thread.stdout.components(separatedBy: "Hello from the fleet.").count >= 4)
        }

        @Test func aProcessThatEscapesItsAgentIsAdoptedAndKilledAtTheStop() async throws {
            // The script's background job leaves every group with setsid, and outlives the script: the
            // supervisor, a subreaper, adopts it and kills it when the fleet stops.
            let ws = try workspace(
                "escapee: {run: escape}\nsteady: {}",
                scripts: [
                    "escape.sh": """
                    #!/bin/sh
                    setsid sh -c 'echo $$ > .axon/escaped.pid; exec sleep 300' </dev/null >/dev/null 2>&1 &
                    # Exit only once it has left the group (else the group's SIGKILL at exit takes it).
                    while [ ! -s .axon/escaped.pid ]; do sleep 0.05; done
                    exit 0
                    """
                ])
            defer { ws.remove() }
            let env = marker()
            let fleet = try up(ws, env)
            #expect(await fleet.line(containing: "escapee.1 exited 0, completed") != nil, "\(fleet.stdout)")
            let value = env["AXON_TEST_FLEET"] ?? ""
            let escaped = ProcessTable.processes(withEnvironment: "AXON_TEST_FLEET", value: value).filter {
                (try? String(contentsOfFile: "/proc/\($0)/comm", encoding: .utf8)) == "sleep\n"
            }
            #expect(escaped.count == 1, "the escaped sleep runs until the stop")
            fleet.signal(SIGTERM)
            #expect(await fleet.exit(within: .seconds(15)) == 0)
            #expect(fleet.lines.last == "fleet: stopped (1 escaped process killed)", "\(fleet.stdout)")
            #expect(await Self.noneSurvive(env))
        }

        @Test func aSecondInterruptForcesAStopThatAScriptIgnores() async throws {
            // The script ignores SIGTERM and SIGINT (so does its sleep): the first Ctrl-C would wait out the
            // grace periods; the second SIGKILLs the agent's group, and the script's own group, left behind
            // without its agent, is adopted and killed.
            let ws = try workspace(
                "stubborn: {run: stubborn}",
                scripts: [
                    "stubborn.sh": """
                    #!/bin/sh
                    trap '' TERM INT
                    touch .axon/stubborn.ready
                    while true; do sleep 300; done
                    """
                ])
            defer { ws.remove() }
            let env = marker()
            let fleet = try up(ws, env)
            #expect(await fleet.line(containing: "stubborn.1 started pid") != nil)
            for _ in 0..<400 where !FileManager.default.fileExists(atPath: ws.path + "/.axon/stubborn.ready") {
                try await Task.sleep(for: .milliseconds(25))
            }
            fleet.signal(SIGINT)
            #expect(await fleet.line(containing: "fleet: stopping 1 agent") != nil)
            let forcedAt = ContinuousClock.now
            fleet.signal(SIGINT)
            #expect(await fleet.exit(within: .seconds(10)) == 0, "\(fleet.stdout)\n\(fleet.stderr)")
            #expect(ContinuousClock.now - forcedAt < .seconds(3), "forced, not after the 5 s grace")
            let lines = fleet.lines
            #expect(lines.contains("fleet: forcing: SIGKILL to every agent left"), "\(lines)")
            #expect(lines.contains("stubborn.1 stopped (forced, killed by SIGKILL)"), "\(lines)")
            #expect(lines.last?.hasPrefix("fleet: stopped (") == true, "the orphaned script was killed: \(lines)")
            #expect(await Self.noneSurvive(env))
        }

        @Test func aSecondUpOnTheSameRepoFailsNamingTheHolder() async throws {
            let ws = try workspace("solo: {}")
            defer { ws.remove() }
            let env = marker()
            let fleet = try up(ws, env)
            #expect(await fleet.line(containing: "solo.1 started pid") != nil)
            let second = try await cli.run(["up"], cwd: ws.path, environment: env, timeout: .seconds(20))
            #expect(second.status == 2)
            #expect(second.stderr.contains("already running"), "\(second.stderr)")
            #expect(second.stderr.contains("supervisor pid \(fleet.pid)"), "\(second.stderr)")
            fleet.signal(SIGTERM)
            #expect(await fleet.exit(within: .seconds(15)) == 0)
            #expect(await Self.noneSurvive(env))
        }

        @Test func agentsEndTheirSessionsWhenTheSupervisorIsKilled() async throws {
            let ws = try workspace("alpha: {}\nbeta: {}")
            defer { ws.remove() }
            let env = marker()
            let fleet = try up(ws, env)
            let alpha = try #require(Self.pid(in: await fleet.line(containing: "alpha.1 started pid")))
            let beta = try #require(Self.pid(in: await fleet.line(containing: "beta.1 started pid")))
            // Both sessions are up (their traces exist) before the supervisor dies.
            for _ in 0..<200 where ws.traceFiles().count < 2 { try await Task.sleep(for: .milliseconds(25)) }
            fleet.signal(SIGKILL)
            _ = await fleet.exit(within: .seconds(5))
            #expect(await ProcessProbe.exits(alpha, within: .seconds(3)), "alpha outlived its supervisor")
            #expect(await ProcessProbe.exits(beta, within: .seconds(3)), "beta outlived its supervisor")
            #expect(await Self.noneSurvive(env))
            let traces = try ws.traceFiles().map { try TraceLines.read($0) }
            #expect(traces.count == 2)
            #expect(traces.allSatisfy { $0.last?["type"]?.stringValue == "session.end" })
            // The next `axon up` takes the lock the dead supervisor held.
            let next = try up(ws, env)
            #expect(await next.line(containing: "alpha.1 started pid") != nil, "\(next.stderr)")
            next.signal(SIGTERM)
            #expect(await next.exit(within: .seconds(15)) == 0)
        }

        @Test func aRequestGoesToAnIdleReplicaWhileAnotherIsBusy() async throws {
            let ws = try workspace("alpha: {replicas: 2, policy: {write: [\"data/**\"]}}")
            defer { ws.remove() }
            try Self.holdTool(in: ws, polls: 300)
            try ws.write(
                "data/replay/demo.yaml",
                Self.replay.replacingOccurrences(
                    of: "default:",
                    with: "  - match: hold on\n    turns:\n      - tool_calls: [{name: hold, arguments: {}}]\n"
                        + "      - text: \"{{last_tool_result}}\"\ndefault:"))
            let env = marker()
            let fleet = try up(ws, env)
            #expect(await fleet.line(containing: "alpha.2 started pid") != nil, "\(fleet.stderr)")
            let ready = try await request("alpha", "hello", ws, env)
            #expect(ready.status == 0, "\(ready.stderr)")
            let held = try BackgroundCLI(
                cli, ["request", "-a", "alpha", "--json", "hold on"], cwd: ws.path, environment: env)
            // Busy once its tool runs.
            var busy: String?
            for _ in 0..<200 where busy == nil {
                try await Task.sleep(for: .milliseconds(50))
                let ps = try JSONValue(
                    parsing: try await cli.run(["ps", "--json"], cwd: ws.path, environment: env).stdout)
                busy =
                    ps["instances"]?.arrayValue?.first { $0["state"]?.stringValue == "working" }?["session"]?
                    .stringValue
            }
            let busySession = try #require(busy, "a replica is working on the held request")
            for _ in 0..<3 {
                let answer = try await cli.run(
                    ["request", "-a", "alpha", "--json", "hello"], cwd: ws.path, environment: env)
                #expect(answer.status == 0, "\(answer.stderr)")
                let session = try JSONValue(parsing: answer.stdout)["session"]?.stringValue
                #expect(session != nil && session != busySession, "served by the idle replica, not queued")
            }
            try FileManager.default.removeItem(atPath: ws.path + "/data/gate")
            #expect(await held.exit(within: .seconds(20)) == 0)
            #expect(held.stdout.contains("held"), "\(held.stdout) \(held.stderr)")
            fleet.signal(SIGTERM)
            #expect(await fleet.exit(within: .seconds(15)) == 0)
            #expect(await Self.noneSurvive(env))
        }

        @Test(
            .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a pty"),
            arguments: [false, true])
        func onATerminalTheStatusTableIsRedrawnUnderTheEventsAndCtrlCStops(noColor: Bool) async throws {
            let ws = try workspace("alpha: {replicas: 2}")
            defer { ws.remove() }
            var env = marker()
            if noColor { env["NO_COLOR"] = "1" }
            let typescript = ws.path + "/typescript"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qfec", "stty cols 160; exec '\(cli.binary)' up", typescript]
            process.currentDirectoryURL = URL(fileURLWithPath: ws.path)
            var childEnvironment = AxonCLIRunner.childEnvironment(env.merging(["TERM": "xterm"]) { _, new in new })
            if !noColor { childEnvironment["NO_COLOR"] = nil }
            process.environment = childEnvironment
            let keys = Pipe()
            process.standardInput = keys
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            func screen() -> String { (try? String(contentsOfFile: typescript, encoding: .utf8)) ?? "" }
            var seen = false
            for _ in 0..<300 where !seen {
                try await Task.sleep(for: .milliseconds(50))
                // A pty ends lines with "\r\n", one Character in Swift.
                let rows = screen().split(whereSeparator: \.isNewline).filter { $0.contains(" idle ") }
                seen = ["alpha  1 ", "alpha  2 "].allSatisfy { row in rows.contains { $0.hasPrefix(row) } }
            }
            #expect(seen, "the table with both replicas idle: \(screen())")
            // Ctrl-C on the terminal: the line discipline sends SIGINT to axon, the foreground process.
            keys.fileHandleForWriting.write(Data([3]))
            for _ in 0..<300 where process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
            #expect(!process.isRunning)
            let out = screen()
            #expect(out.contains("alpha.1 started pid") && out.contains("fleet: stopping 2 agents"))
            #expect(out.contains("\u{1B}[5A\r\u{1B}[J"), "the table is erased before each event and redrawn")
            // Erased for the last time after the last event: nothing but script's own trailer follows.
            let tail = try #require(out.components(separatedBy: "\u{1B}[J").last)
            #expect(out.contains("fleet: stopped"))
            #expect(
                tail.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || tail.contains("Script done"),
                "no table is left on the screen at the end: \(tail)")
            #expect(!tail.contains("AGENT"))
            #expect(out.contains("\u{1B}[2m") == !noColor, "NO_COLOR is honoured")
            #expect(await Self.noneSurvive(env))
        }

        @Test func anInvalidFleetIsReportedAtItsPositionAndNothingStarts() async throws {
            let ws = try workspace("scout: {replicas: -1, every: soon}")
            defer { ws.remove() }
            let r = try await cli.run(["up"], cwd: ws.path)
            #expect(r.status == 2)
            #expect(r.stderr.contains("fleet.yaml:7:"), "\(r.stderr)")
            #expect(ws.traceFiles().isEmpty && !FileManager.default.fileExists(atPath: ws.path + "/.axon/fleet.lock"))
            let empty = try TemporaryWorkspace()
            defer { empty.remove() }
            let none = try await cli.run(["up"], cwd: empty.path)
            #expect(none.status == 2 && none.stderr.contains("no fleet.yaml"), "\(none.stderr)")
        }

        @Test func aRequestIntoAFleetThatIsNotRunningSaysSo() async throws {
            let ws = try workspace("solo: {}")
            defer { ws.remove() }
            let none = try await cli.run(["request", "-a", "solo", "hello"], cwd: ws.path)
            #expect(none.status == 2 && none.stderr.contains("no fleet is running in"), "\(none.stderr)")
            let typo = try await cli.run(["request", "-a", "sol", "hello"], cwd: ws.path)
            #expect(typo.status == 2 && typo.stderr.contains("unknown agent 'sol' (did you mean 'solo'?)"))
            let bare = try await cli.run(["request", "hello"], cwd: ws.path)
            #expect(bare.status == 2 && bare.stderr.contains("name an agent of the running fleet with -a"))
        }

        @Test func theAgentCommandIsHiddenFromHelp() async throws {
            let ws = try workspace("solo: {}")
            defer { ws.remove() }
            let help = try await cli.run(["--help"], cwd: ws.path)
            #expect(help.stdout.contains("up") && !help.stdout.contains("  agent "), "\(help.stdout)")
            let typo = try await cli.run(["upp"], cwd: ws.path)
            #expect(typo.stderr.contains("(did you mean 'up'?)") && !typo.stderr.contains("\n  agent "))
        }
    }
#endif
