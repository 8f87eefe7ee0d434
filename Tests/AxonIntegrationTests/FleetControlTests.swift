#if os(Linux)
    import AxonCore
    import AxonTesting
    import Foundation
    import Testing

    /// The fleet's control plane through the built binary: `up -d`, `ps`, `logs`, `restart`, `down`, and a
    /// supervisor's socket outliving its SIGKILL.
    /// `cli.run` waits on a thread of its own: a waiting test must not hold one of the cooperative pool's two threads.
    @Suite(.serialized, .timeLimit(.minutes(3))) struct FleetControlTests {
        let cli = AxonCLIRunner()
        let fleet = FleetTests()

        /// `axon ps --json`, or nil when it fails.
        func ps(_ ws: TemporaryWorkspace, _ env: [String: String]) async throws -> JSONValue? {
            let r = try await cli.run(["ps", "--json"], cwd: ws.path, environment: env)
            guard r.status == 0 else { return nil }
            return try JSONValue(parsing: r.stdout)
        }

        /// Polls `axon ps --json` until `match` holds for its instances; the last ones seen.
        @discardableResult
        func waitForInstances(
            _ ws: TemporaryWorkspace, _ env: [String: String], within limit: Duration = .seconds(30),
            _ match: ([JSONValue]) -> Bool
        ) async throws -> [JSONValue] {
            let deadline = ContinuousClock.now + limit
            var last: [JSONValue] = []
            while ContinuousClock.now < deadline {
                last = try await ps(ws, env)?["instances"]?.arrayValue ?? []
                if match(last) { return last }
                try await Task.sleep(for: .milliseconds(100))
            }
            return last
        }

        static func state(_ instances: [JSONValue], _ id: String) -> String? {
            instances.first { $0["id"]?.stringValue == id }?["state"]?.stringValue
        }

        /// `axon up -d`, which must succeed; the supervisor's pid it printed.
        func upDetached(_ ws: TemporaryWorkspace, _ env: [String: String]) async throws -> Int32 {
            let r = try await cli.run(["up", "-d"], cwd: ws.path, environment: env)
            #expect(r.status == 0, "stdout: \(r.stdout)\nstderr: \(r.stderr)")
            let pid = r.stdout.split(separator: "(supervisor pid ").last?.prefix { $0.isNumber }
            return try #require(pid.flatMap { Int32($0) }, "\(r.stdout)")
        }

        static func pid(_ instances: [JSONValue], _ id: String) -> Int? {
            instances.first { $0["id"]?.stringValue == id }?["pid"]?.intValue
        }

        @Test func aChangedFleetFileIsAppliedPerInstanceAndAnInvalidOneKeepsTheFleetAsItWas() async throws {
            let ws = try fleet.workspace("alpha: {}\nbeta: {}")
            defer { ws.remove() }
            let env = fleet.marker()
            _ = try await upDetached(ws, env)
            let first = try await waitForInstances(ws, env) { rows in
                ["alpha.1", "beta.1"].allSatisfy { Self.state(rows, $0) == "idle" }
            }
            let alpha = try #require(Self.pid(first, "alpha.1"))
            let beta = try #require(Self.pid(first, "beta.1"))
            // alpha scaled to 2, beta changed (its env), gamma added.
            try ws.publish(
                "fleet.yaml", FleetTests.fleetFile("alpha: {replicas: 2}\nbeta: {env: {COLOR: blue}}\ngamma: {}"))
            let second = try await waitForInstances(ws, env) { rows in
                ["alpha.1", "alpha.2", "beta.1", "gamma.1"].allSatisfy { Self.state(rows, $0) == "idle" }
                    && Self.pid(rows, "beta.1") != beta
            }
            #expect(second.map { $0["id"]?.stringValue } == ["alpha.1", "alpha.2", "beta.1", "gamma.1"], "\(second)")
            #expect(Self.pid(second, "alpha.1") == alpha, "an unchanged instance is not touched")
            #expect(Self.pid(second, "beta.1") != beta, "a changed one restarts")
            // Invalid: reported with its position, nothing changes.
            try ws.publish("fleet.yaml", FleetTests.fleetFile("alpha: {replicas: many}"))
            var problems: [JSONValue] = []
            for _ in 0..<100 where problems.isEmpty {
                try await Task.sleep(for: .milliseconds(100))
                problems = try await ps(ws, env)?["config_problems"]?.arrayValue ?? []
            }
            #expect(problems.first?.stringValue?.hasPrefix("fleet.yaml:7:") == true, "\(problems)")
            let table = try await cli.run(["ps"], cwd: ws.path, environment: env)
            #expect(table.stdout.contains("fleet.yaml changed but is not valid"), "\(table.stdout)")
            #expect(try await ps(ws, env)?["instances"]?.arrayValue?.count == 4)
            // Fixed with gamma and a replica removed: they stop and are gone, the problems are cleared.
            try ws.publish("fleet.yaml", FleetTests.fleetFile("alpha: {}\nbeta: {env: {COLOR: blue}}"))
            let third = try await waitForInstances(ws, env) { rows in rows.count == 2 }
            #expect(third.map { $0["id"]?.stringValue } == ["alpha.1", "beta.1"], "\(third)")
            #expect(Self.pid(third, "alpha.1") == alpha)
            #expect(try await ps(ws, env)?["config_problems"]?.arrayValue?.isEmpty == true)
            let log = try String(contentsOfFile: ws.path + "/.axon/logs/supervisor.log", encoding: .utf8)
            #expect(
                log.contains("fleet: fleet.yaml changed: +alpha.2, +gamma.1, ~beta.1, alpha scaled 1 → 2"), "\(log)")
            #expect(log.contains("gamma.1 removed from the fleet"), "\(log)")
            let down = try await cli.run(["down"], cwd: ws.path, environment: env)
            #expect(down.status == 0)
            #expect(await FleetTests.noneSurvive(env))
        }

        @Test func upDetachedThenPsShowsTheInstancesLogsShowTheirOutputAndDownLeavesNothing() async throws {
            let ws = try fleet.workspace(
                "alpha: {replicas: 2}\nbeta: {thread: notes}\ntalker: {run: talk}",
                scripts: ["talk.sh": "#!/bin/sh\necho hello from the talker\nexec sleep 300\n"])
            defer { ws.remove() }
            let env = fleet.marker()
            let supervisor = try await upDetached(ws, env)
            #expect(ProcessTable.group(of: supervisor)?.sid == supervisor, "the supervisor leads a session of its own")
            let instances = try await waitForInstances(ws, env) { rows in
                rows.count == 4 && ["alpha.1", "alpha.2", "beta.1"].allSatisfy { Self.state(rows, $0) == "idle" }
            }
            #expect(instances.map { $0["id"]?.stringValue } == ["alpha.1", "alpha.2", "beta.1", "talker.1"])
            #expect(Self.state(instances, "talker.1") == "working", "\(instances)")
            let pids = instances.compactMap { $0["pid"]?.intValue.map(Int32.init) }
            #expect(pids.count == 4)
            for pid in pids { #expect(ProcessTable.group(of: pid)?.pgid == pid, "each instance leads its group") }
            let beta = try #require(instances.first { $0["id"]?.stringValue == "beta.1" })
            #expect(beta["thread"]?.stringValue == "notes" && beta["agent"]?.stringValue == "beta")
            #expect(beta["session"]?.stringValue?.isEmpty == false && beta["restarts"]?.intValue == 0)
            #expect(beta["generation"]?.intValue != nil, "the boot generation is acked: \(beta)")
            #expect(beta["tokens"]?.intValue == 0 && beta["cost_usd"]?.doubleValue == 0, "\(beta)")
            let table = try await cli.run(["ps"], cwd: ws.path, environment: env)
            #expect(table.status == 0 && table.stdout.contains("supervisor pid \(supervisor)"), "\(table.stdout)")
            #expect(table.stdout.contains("AGENT") && table.stdout.contains("talker"), "\(table.stdout)")

            // The talker's output, alone and prefixed among all instances.
            var logs = try await cli.run(["logs", "talker"], cwd: ws.path, environment: env)
            for _ in 0..<100 where !logs.stdout.contains("hello from the talker") {
                try await Task.sleep(for: .milliseconds(100))
                logs = try await cli.run(["logs", "talker"], cwd: ws.path, environment: env)
            }
            #expect(logs.status == 0 && logs.stdout.contains("hello from the talker\n"), "\(logs.stdout)")
            let all = try await cli.run(["logs", "-n", "5"], cwd: ws.path, environment: env)
            #expect(all.stdout.contains("talker.1 | hello from the talker"), "\(all.stdout)")
            let typo = try await cli.run(["logs", "talkr"], cwd: ws.path, environment: env)
            #expect(typo.status == 2 && typo.stderr.contains("did you mean 'talker'?"), "\(typo.stderr)")

            let down = try await cli.run(["down"], cwd: ws.path, environment: env)
            #expect(down.status == 0 && down.stdout.hasSuffix("fleet: stopped\n"), "\(down.stdout)\n\(down.stderr)")
            #expect((pids + [supervisor]).allSatisfy { ProcessTable.groupIsEmpty($0) })
            #expect(await FleetTests.noneSurvive(env))
            #expect(try ws.read(".axon/logs/supervisor.log").contains("fleet: stopped"))
            let none = try await cli.run(["ps"], cwd: ws.path, environment: env)
            #expect(none.status == 3 && none.stderr.contains("no fleet is running"), "\(none.stderr)")
            let again = try await cli.run(["down"], cwd: ws.path, environment: env)
            #expect(again.status == 0 && again.stderr.contains("nothing to stop"), "\(again.stderr)")
        }

        @Test func restartClearsAFatalInstance() async throws {
            let ws = try fleet.workspace(
                "flaky: {run: flaky, restart: {backoff: 50ms, max_restarts: 1}}\nsteady: {}",
                scripts: [
                    "flaky.sh": "#!/bin/sh\nif [ -f .axon/broken ]; then exit 1; fi\nexec sleep 300\n"
                ])
            defer { ws.remove() }
            try ws.write(".axon/broken", "")
            let env = fleet.marker()
            _ = try await upDetached(ws, env)
            let fatal = try await waitForInstances(ws, env) { Self.state($0, "flaky.1") == "fatal" }
            #expect(Self.state(fatal, "flaky.1") == "fatal", "\(fatal)")
            try FileManager.default.removeItem(atPath: ws.path + "/.axon/broken")
            let restart = try await cli.run(["restart", "flaky"], cwd: ws.path, environment: env)
            #expect(
                restart.status == 0 && restart.stdout == "restarted flaky.1\n", "\(restart.stdout)\(restart.stderr)")
            let after = try await waitForInstances(ws, env) { Self.state($0, "flaky.1") == "working" }
            #expect(Self.state(after, "flaky.1") == "working", "\(after)")
            let typo = try await cli.run(["restart", "flakey"], cwd: ws.path, environment: env)
            #expect(typo.status == 2 && typo.stderr.contains("unknown agent 'flakey' (did you mean 'flaky'?)"))
            let replica = try await cli.run(["restart", "flaky.3"], cwd: ws.path, environment: env)
            #expect(replica.status == 2 && replica.stderr.contains("no instance 'flaky.3'"), "\(replica.stderr)")
            #expect(try await cli.run(["down"], cwd: ws.path, environment: env).status == 0)
            #expect(await FleetTests.noneSurvive(env))
        }

        @Test func aSocketLeftByAKilledSupervisorIsRecoveredByTheNextUp() async throws {
            let ws = try fleet.workspace("solo: {}")
            defer { ws.remove() }
            let env = fleet.marker()
            let first = try await upDetached(ws, env)
            // A second supervisor is refused, naming the first.
            let second = try await cli.run(["up", "-d"], cwd: ws.path, environment: env)
            #expect(second.status == 2 && second.stderr.contains("supervisor pid \(first)"), "\(second.stderr)")
            kill(first, SIGKILL)
            #expect(await ProcessProbe.exits(first, within: .seconds(5)))
            let socket = ws.path + "/.axon/fleet/supervisor.sock"
            #expect(FileManager.default.fileExists(atPath: socket), "SIGKILL leaves the socket file behind")
            #expect(await FleetTests.noneSurvive(env), "its agents end with it")
            let none = try await cli.run(["ps"], cwd: ws.path, environment: env)
            #expect(none.status == 3 && none.stderr.contains("no fleet is running"), "\(none.stderr)")
            let next = try await upDetached(ws, env)
            #expect(next != first)
            #expect(try ws.read(".axon/logs/supervisor.log").contains("removed the stale control socket"))
            let rows = try await waitForInstances(ws, env) { Self.state($0, "solo.1") == "idle" }
            #expect(Self.state(rows, "solo.1") == "idle")
            #expect(try await cli.run(["down"], cwd: ws.path, environment: env).status == 0)
            #expect(await FleetTests.noneSurvive(env))
        }
    }
#endif
