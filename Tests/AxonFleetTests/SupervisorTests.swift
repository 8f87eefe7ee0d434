#if os(Linux)
    import AxonConfig
    import AxonCore
    import AxonProcess
    import AxonTesting
    import Foundation
    import Synchronization
    import Testing

    @testable import AxonFleet

    /// The supervisor over real `/bin/sh` processes, its time on a manual clock: restarts, schedules and the stop
    /// timeout happen when the test advances it, so nothing waits for a real backoff.
    @Suite(.timeLimit(.minutes(1))) struct SupervisorTests {
        /// Every event the supervisor reported, in order.
        final class Events: Sendable {
            private let list = Mutex<[FleetEvent]>([])
            func append(_ event: FleetEvent) { list.withLock { $0.append(event) } }
            var all: [FleetEvent] { list.withLock { $0 } }
            var lines: [String] { all.map(\.description) }

            /// Waits (real time) until some event satisfies `match`.
            func wait(
                timeout: Duration = .seconds(10), for match: @escaping (FleetEvent) -> Bool
            ) async -> Bool {
                let limit = ContinuousClock.now + timeout
                while !all.contains(where: match) {
                    if ContinuousClock.now > limit { return false }
                    try? await Task.sleep(for: .milliseconds(5))
                }
                return true
            }

            func count(_ match: (FleetEvent) -> Bool) -> Int { all.filter(match).count }
        }

        /// Instance `name.1` of an agent with `keys`, run as `sh -c script`.
        static func instance(_ name: String, _ keys: AgentSpec = AgentSpec(name: "x")) -> FleetInstance {
            var spec = keys
            spec.name = AgentName(name)
            return FleetInstance(agent: AgentName(name), replica: 1, spec: spec)
        }

        func supervisor(
            _ clock: ManualClock, _ events: Events, scripts: [String: String], directory: String = "/tmp"
        ) -> Supervisor<ManualClock> {
            Supervisor(clock: clock, options: .init(jitter: { 0 })) { instance in
                ProcessSpec(
                    ["/bin/sh", "-c", scripts[instance.agent.rawValue] ?? "exit 9"], directory: directory,
                    environment: ["PATH": "/usr/bin:/bin"])
            } report: {
                events.append($0)
            }
        }

        static func started(_ id: String) -> (FleetEvent) -> Bool {
            { if case .started(id, _) = $0 { true } else { false } }
        }

        static func exited(_ id: String) -> (FleetEvent) -> Bool {
            { if case .exited(id, _, _) = $0 { true } else { false } }
        }

        @Test func aCrashLoopBacksOffThenGoesFatalWithoutTouchingTheOtherAgent() async {
            let clock = ManualClock()
            let events = Events()
            let fleet = supervisor(clock, events, scripts: ["crash": "exit 1", "calm": "exec sleep 30"])
            let policy = RestartPolicy(backoff: .milliseconds(100), maxBackoff: .seconds(1), maxRestarts: 3)
            await fleet.start(
                FleetPlan(instances: [
                    Self.instance("crash", AgentSpec(name: "crash", restart: policy)), Self.instance("calm"),
                ]))
            // Restart 1 is immediate; 2 and 3 wait 100 ms and 200 ms on the manual clock; the 4th exit is fatal.
            for _ in 0..<2 {
                #expect(await clock.waitForSleepers(1))
                clock.advance(by: .seconds(1))
            }
            #expect(await events.wait { if case .exited("crash.1", _, .fatal) = $0 { true } else { false } })
            #expect(events.count(Self.started("crash.1")) == 4)
            let lines = events.lines.filter { $0.hasPrefix("crash.1 exited") }
            #expect(
                lines == [
                    "crash.1 exited 1, restarting now", "crash.1 exited 1, restarting in 0.1s",
                    "crash.1 exited 1, restarting in 0.2s",
                ])
            #expect(events.lines.contains { $0.hasPrefix("crash.1 fatal: 3 restarts in 5m (last run exited 1)") })
            #expect(events.count(Self.started("calm.1")) == 1 && events.count(Self.exited("calm.1")) == 0)
            let states = await fleet.states()
            #expect(states.first?.state == .fatal(restarts: 3, window: .seconds(300)))
            await fleet.stop()
            #expect(events.lines.suffix(2) == ["calm.1 stopped (killed by SIGTERM)", "fleet: stopped"])
            #expect(await fleet.finished() == .stopped)
        }

        @Test func exitZeroUnderOnFailureIsNotRestartedAndTheFleetEndsIdle() async {
            let clock = ManualClock()
            let events = Events()
            let fleet = supervisor(clock, events, scripts: ["done": "exit 0", "bad": "exit 3"])
            await fleet.start(
                FleetPlan(instances: [
                    Self.instance("done"),
                    Self.instance("bad", AgentSpec(name: "bad", restart: RestartPolicy(policy: .never))),
                ]))
            #expect(await fleet.finished() == .idle(failed: []))
            #expect(events.lines.contains("done.1 exited 0, not restarted (restart policy on-failure)"))
            #expect(events.lines.contains("bad.1 exited 3, not restarted (restart policy never)"))
            #expect(events.lines.last == "fleet: nothing left to run")
        }

        @Test func aOneShotAgentWithEveryRunsAgainOnSchedule() async {
            let clock = ManualClock()
            let events = Events()
            let fleet = supervisor(clock, events, scripts: ["tick": "exit 0"])
            let spec = AgentSpec(name: "tick", prompt: "go", every: .seconds(2))
            await fleet.start(FleetPlan(instances: [Self.instance("tick", spec)]))
            for run in 1...3 {
                #expect(await events.wait { _ in events.count(Self.exited("tick.1")) == run })
                #expect(await clock.waitForSleepers(1))
                clock.advance(by: .seconds(2))
            }
            #expect(await events.wait { _ in events.count(Self.started("tick.1")) == 4 })
            #expect(events.lines.contains("tick.1 exited 0, completed; next run in 2s"))
            await fleet.stop()
        }

        @Test func anAgentThatIgnoresSIGTERMIsKilledAfterTheTimeoutWithItsGrandchild() async throws {
            let clock = ManualClock()
            let events = Events()
            let dir = try TemporaryWorkspace()
            defer { dir.remove() }
            // The leader and its background grandchild both ignore SIGTERM; the grandchild's pid is written down.
            let script = "trap '' TERM; sleep 30 & echo $! > \(dir.path)/grandchild; wait"
            let fleet = supervisor(clock, events, scripts: ["stubborn": script])
            await fleet.start(FleetPlan(instances: [Self.instance("stubborn")]))
            #expect(await events.wait(for: Self.started("stubborn.1")))
            let grandchild = try await Self.readPID(dir.path + "/grandchild")
            let stopping = Task { await fleet.stop() }
            #expect(await events.wait { if case .stopping = $0 { true } else { false } })
            #expect(await clock.waitForSleepers(1), "the stop timeout waits on the clock")
            clock.advance(by: .seconds(5))
            await stopping.value
            #expect(events.lines.contains("stubborn.1 stopped (forced, killed by SIGKILL)"), "\(events.lines)")
            #expect(await ProcessProbe.exits(grandchild, within: .seconds(2)), "the group's grandchild is gone too")
        }

        @Test func exitsAtTheSameMomentAreEachSeenOnce() async {
            let clock = ManualClock()
            let events = Events()
            let names = (1...6).map { "a\($0)" }
            let scripts = Dictionary(uniqueKeysWithValues: names.map { ($0, "exit 4") })
            let fleet = supervisor(clock, events, scripts: scripts)
            let never = RestartPolicy(policy: .never)
            await fleet.start(
                FleetPlan(instances: names.map { Self.instance($0, AgentSpec(name: "x", restart: never)) }))
            #expect(await fleet.finished() == .idle(failed: []))
            for name in names { #expect(events.count(Self.exited(name + ".1")) == 1) }
        }

        @Test func aStopCancelsAPendingRestart() async {
            let clock = ManualClock()
            let events = Events()
            let fleet = supervisor(clock, events, scripts: ["flaky": "exit 1"])
            await fleet.start(FleetPlan(instances: [Self.instance("flaky")]))
            #expect(await events.wait { _ in events.count(Self.exited("flaky.1")) == 2 })
            #expect(await clock.waitForSleepers(1), "in backoff")
            await fleet.stop()
            clock.advance(by: .seconds(60))
            try? await Task.sleep(for: .milliseconds(100))
            #expect(events.count(Self.started("flaky.1")) == 2, "no restart after the stop")
            #expect(events.lines.last == "fleet: stopped")
        }

        @Test func aMissingWorkingDirectoryIsAnExecFailureNotALoop() async {
            let clock = ManualClock()
            let events = Events()
            let fleet = supervisor(clock, events, scripts: ["lost": "exit 0"], directory: "/nonexistent/dir")
            await fleet.start(FleetPlan(instances: [Self.instance("lost")]))
            #expect(await fleet.finished() == .idle(failed: ["lost.1"]))
            #expect(events.count(Self.started("lost.1")) == 1)
            #expect(events.lines.contains { $0.hasPrefix("lost.1 exec failed: exit 126") }, "\(events.lines)")
        }

        static func readPID(_ path: String) async throws -> Int32 {
            for _ in 0..<500 {
                if let text = try? String(contentsOfFile: path, encoding: .utf8),
                    let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
                {
                    return pid
                }
                try await Task.sleep(for: .milliseconds(10))
            }
            throw POSIXError(.ENOENT)
        }
    }
#endif
