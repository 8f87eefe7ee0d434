#if os(Linux)
    import AxonConfig
    import AxonControl
    import AxonCore
    import AxonProcess
    import AxonTesting
    import Foundation
    import Testing

    @testable import AxonFleet

    /// What `axon ps`, `axon restart` and log rotation rest on: the supervisor's status, its restart, rotation at
    /// spawn, and its control socket — over real `/bin/sh` processes on a manual clock.
    @Suite(.timeLimit(.minutes(2))) struct SupervisorControlTests {
        /// How long an answer may take: the whole suite's parallel load on two cores can delay one by seconds;
        /// the tests are about what is answered.
        static let patience: Duration = .seconds(30)

        typealias Events = SupervisorTests.Events

        func supervisor(
            _ clock: ManualClock, _ events: Events, scripts: [String: String], log: String? = nil
        ) -> Supervisor<ManualClock> {
            Supervisor(
                clock: clock,
                options: .init(
                    // Only the rotation at each spawn: the periodic check of running logs is tested on its own.
                    jitter: { 0 }, logCheckInterval: .seconds(3600))
            ) { instance in
                ProcessSpec(
                    ["/bin/sh", "-c", scripts[instance.agent.rawValue] ?? "exit 9"], directory: "/tmp",
                    environment: ["PATH": "/usr/bin:/bin"], output: log.map { .appendingTo($0) } ?? .inherit)
            } report: {
                events.append($0)
            }
        }

        static func fatal(_ id: String) -> (FleetEvent) -> Bool {
            { if case .exited(id, _, .fatal) = $0 { true } else { false } }
        }

        @Test func restartClearsFatalAndTheBudgetStartsOver() async throws {
            let clock = ManualClock()
            let events = Events()
            let fleet = supervisor(clock, events, scripts: ["crash": "exit 1", "calm": "exec sleep 30"])
            let policy = RestartPolicy(backoff: .zero, maxBackoff: .zero, maxRestarts: 1)
            await fleet.start(
                FleetPlan(instances: [
                    SupervisorTests.instance("crash", AgentSpec(name: "crash", restart: policy)),
                    SupervisorTests.instance("calm"),
                ]))
            #expect(await events.wait(for: Self.fatal("crash.1")))
            var status = await fleet.status()
            #expect(status.phase == "running" && status.instances.map(\.id) == ["crash.1", "calm.1"])
            let crash = try #require(status.instances.first)
            #expect(crash.state == .fatal && crash.pid == nil && crash.restarts == 1)
            #expect(crash.reason == "1 restarts in 5m" && crash.lastExit == "exited 1")
            #expect(status.instances.last?.state == .working && status.instances.last?.pid != nil)

            #expect(await fleet.restart(["crash.1"]))
            // A fresh budget: started again, restarted once more, fatal again.
            #expect(await events.wait { _ in events.count(Self.fatal("crash.1")) == 2 }, "\(events.lines)")
            #expect(events.count(SupervisorTests.started("crash.1")) == 4)
            #expect(events.lines.contains("crash.1 restart requested"))
            status = await fleet.status()
            #expect(status.instances.first?.state == .fatal)
            await fleet.stop()
        }

        @Test func restartOfARunningInstanceStopsItsGroupAndStartsItAgain() async throws {
            let clock = ManualClock()
            let events = Events()
            let fleet = supervisor(clock, events, scripts: ["calm": "exec sleep 30"])
            await fleet.start(FleetPlan(instances: [SupervisorTests.instance("calm")]))
            let before = try #require(await fleet.status().instances.first?.pid)
            #expect(await fleet.restart(["calm.1"]))
            let after = try #require(await fleet.status().instances.first)
            #expect(after.state == .working && after.pid != before && after.restarts == 0)
            #expect(events.lines.contains("calm.1 stopped (killed by SIGTERM)"), "\(events.lines)")
            #expect(await ProcessProbe.exits(before, within: .seconds(2)))
            await fleet.stop()
            #expect(await fleet.restart(["calm.1"]) == false, "not once the fleet stopped")
        }

        @Test func aStopWhileARestartWaitsForTheOldProcessEndsTheFleetWithoutAStart() async throws {
            let clock = ManualClock()
            let events = Events()
            // Ignores SIGTERM: the restart waits out its timeout, and the stop comes meanwhile.
            let fleet = supervisor(clock, events, scripts: ["stubborn": "trap '' TERM; exec sleep 30"])
            await fleet.start(FleetPlan(instances: [SupervisorTests.instance("stubborn")]))
            let restarting = Task { await fleet.restart(["stubborn.1"]) }
            #expect(await events.wait { $0 == .restartRequested(id: "stubborn.1") })
            #expect(await clock.waitForSleepers(1), "the restart's SIGKILL timer")
            let stopping = Task { await fleet.stop() }
            #expect(await events.wait { if case .stopping = $0 { true } else { false } })
            #expect(await clock.waitForSleepers(2), "and the stop's")
            clock.advance(by: .seconds(5))
            await stopping.value
            #expect(await restarting.value)
            #expect(await fleet.finished() == .stopped)
            #expect(events.count(SupervisorTests.started("stubborn.1")) == 1, "\(events.lines)")
            #expect(await fleet.status().instances.first?.state == .stopped)
        }

        @Test func aCrashLoopsLogIsRotatedAtEachSpawnKeepingTheNewestFiles() async throws {
            let dir = try TemporaryWorkspace()
            defer { dir.remove() }
            let log = dir.path + "/loud.1.log"
            let clock = ManualClock()
            let events = Events()
            // Each run writes more than the limit, then crashes.
            let fleet = supervisor(
                clock, events, scripts: ["loud": "echo run $$; head -c 300 /dev/zero | tr '\\0' x; echo; exit 1"],
                log: log)
            let policy = RestartPolicy(backoff: .zero, maxBackoff: .zero, maxRestarts: 4)
            await fleet.start(
                FleetPlan(
                    instances: [SupervisorTests.instance("loud", AgentSpec(name: "loud", restart: policy))],
                    logs: LogsConfig(maxSize: 200, keep: 2)))
            #expect(await fleet.finished() == .idle(failed: ["loud.1"]))
            #expect(events.count(SupervisorTests.started("loud.1")) == 5)
            let sizes = try [log, log + ".1", log + ".2"].map {
                try FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int
            }
            #expect(sizes.allSatisfy { ($0 ?? 0) > 200 && ($0 ?? 0) < 400 }, "one run per file: \(sizes)")
            #expect(!FileManager.default.fileExists(atPath: log + ".3"), "only `keep` rotated files")
        }

        @Test func aRunningInstancesLogIsCopiedAndTruncatedWhileItKeepsWriting() async throws {
            let dir = try TemporaryWorkspace()
            defer { dir.remove() }
            let log = dir.path + "/chatty.1.log"
            let events = Events()
            // One burst past the limit, then a line whenever the test asks (a marker file), from the same process.
            let script = """
                printf '%s\\n' "$(head -c 300 /dev/zero | tr '\\0' x)"
                while [ ! -e \(dir.path)/more ]; do sleep 0.02; done
                echo after the rotation
                exec sleep 30
                """
            let fleet = Supervisor(
                clock: ManualClock(),
                options: .init(logCheckInterval: .milliseconds(20))
            ) { _ in
                ProcessSpec(
                    ["/bin/sh", "-c", script], directory: "/tmp", environment: ["PATH": "/usr/bin:/bin"],
                    output: .appendingTo(log))
            } report: {
                events.append($0)
            }
            await fleet.start(
                FleetPlan(instances: [SupervisorTests.instance("chatty")], logs: LogsConfig(maxSize: 200, keep: 1)))
            // The burst is one write; the copy may be seen while it is being made.
            for _ in 0..<500 where (try? dir.read("chatty.1.log.1"))?.count != 301 {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(try dir.read("chatty.1.log.1").count == 301, "the burst, copied whole")
            try dir.write("more", "")
            for _ in 0..<500 where (try? dir.read("chatty.1.log")) != "after the rotation\n" {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(try dir.read("chatty.1.log") == "after the rotation\n", "the same process writes on, from 0")
            #expect(events.count(SupervisorTests.started("chatty.1")) == 1, "no restart involved")
            await fleet.stop()
        }

        @Test func theControlSocketAnswersStatusAndRestartAndRefusesSessionMessages() async throws {
            let dir = try TemporaryWorkspace()
            defer { dir.remove() }
            let clock = ManualClock()
            let events = Events()
            let fleet = supervisor(clock, events, scripts: ["calm": "exec sleep 30"])
            await fleet.start(FleetPlan(instances: [SupervisorTests.instance("calm")]))
            let path = dir.path + "/fleet/supervisor.sock"
            let server = try ControlServer(path: path)
            let serving = Task { await SupervisorControl.serve(fleet, server: server) }
            defer {
                server.close()
                serving.cancel()
            }
            let status = await SupervisorControl.ask(path, .status(id: "s"), timeout: Self.patience)
            let fields = try #require(status?.fields)
            let decoded = try #require(FleetStatus(fields: fields))
            // Without a broadcast there is no channel, so nothing is reported: its process runs, that is all.
            #expect(decoded.pid == getpid() && decoded.instances.first?.state == .working)
            let typo = await SupervisorControl.ask(path, .restart(id: "r", target: "clam"), timeout: Self.patience)
            #expect(
                typo == .error(id: "r", code: "unknown_agent", message: "unknown agent 'clam' (did you mean 'calm'?)"))
            let restart = await SupervisorControl.ask(path, .restart(id: "r", target: "calm"), timeout: Self.patience)
            #expect(restart == .status(id: "r", fields: ["restarted": ["calm.1"]]))
            let request = await SupervisorControl.ask(
                path, .request(id: "q", prompt: "hi", thread: nil), timeout: Self.patience)
            if case .error(_, let code, _) = request {
                #expect(code == "unsupported")
            } else {
                Issue.record("\(String(describing: request))")
            }
            let down = await SupervisorControl.ask(
                path, .down(id: "d", timeoutMilliseconds: 100), timeout: Self.patience)
            #expect(down?.fields?["phase"] == "stopping")
            #expect(await fleet.finished() == .stopped)
        }
    }
#endif
