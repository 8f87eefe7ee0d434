#if os(Linux)
    import AxonConfig
    import AxonControl
    public import AxonProcess
    import Foundation
    import Glibc

    /// Runs a fleet plan: one process per instance, each in its own process group, restarted by its
    /// `RestartTracker`, re-run by `every:`, and stopped together.
    ///
    /// One instance's exit only ever touches that instance. Time (backoff, schedules, the stop timeout) is on
    /// the injected clock, monotonic in production; waiting for processes happens on threads of their own
    /// (`ChildProcess.wait`), spawning on the one `SpawnThread`.
    public actor Supervisor<C: Clock> where C.Duration == Duration, C.Instant: Sendable {
        public struct Options: Sendable {
            /// How long agents get after SIGTERM before their groups get SIGKILL.
            public var stopTimeout: Duration
            /// Uptime after which a run counts as healthy (its crash restarts at once again).
            public var stableAfter: Duration
            /// A number in 0…1 per restart delay.
            public var jitter: @Sendable () -> Double
            /// How often (real time) the logs of running instances are checked against the rotation limit.
            public var logCheckInterval: Duration

            public init(
                stopTimeout: Duration = .seconds(5), stableAfter: Duration = .seconds(10),
                jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) },
                logCheckInterval: Duration = .seconds(2)
            ) {
                self.stopTimeout = stopTimeout
                self.stableAfter = stableAfter
                self.jitter = jitter
                self.logCheckInterval = logCheckInterval
            }
        }

        /// How the fleet ended.
        public enum Outcome: Sendable, Equatable {
            /// Stopped on request (a signal).
            case stopped
            /// Nothing was left to run; `failed` names instances that ended fatal, exec-failed or over budget.
            case idle(failed: [String])
        }

        enum Life {
            case idle
            case spawning
            case running(ChildProcess)
            /// A restart or the next scheduled run.
            case waiting(Task<Void, Never>)
        }

        struct Unit {
            var instance: FleetInstance
            var tracker: RestartTracker<C.Instant>
            var life: Life = .idle
            var lastStart: C.Instant?
            /// Counts spawns, so an exit or a timer of an earlier run is never applied to a later one.
            var run = 0
            var forced = false
            /// `axon restart` waits here for the running process to end; its exit is not the policy's to judge.
            var restartWaiters: [CheckedContinuation<Void, Never>] = []
            /// The log the instance's processes append to, when the spec names one.
            var log: String?
            /// How its last run ended, and when a pending restart or scheduled run is due (status).
            var lastExit: AgentExit?
            var due: C.Instant?
            /// The channel token of its current run, and what the run's session last reported on it (nil: its
            /// process runs but its session does not serve yet).
            var channel: Int?
            var activity: AgentActivity?
            /// When its running request last made progress (a trace entry), and whether it was reported stalled.
            var progressAt: C.Instant?
            var stallReported = false
            /// Why its budget (or the fleet's) keeps it stopped; nil when it may run.
            var overBudget: String?
        }

        enum Phase { case running, stopping, stopped }

        let clock: C
        let options: Options
        let command: @Sendable (FleetInstance) -> ProcessSpec
        let report: @Sendable (FleetEvent) -> Void
        let reaper: OrphanReaper
        let spawner: SpawnThread
        var units: [String: Unit] = [:]
        var order: [String] = []
        /// Why the last change to fleet.yaml was not applied (empty once one is).
        var configProblems: [String] = []
        var phase = Phase.running
        var outcome: Outcome?
        var waiters: [CheckedContinuation<Outcome, Never>] = []
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
        /// The process groups a stop waits to see empty.
        var stopGroups: [Int32] = []
        var sweeper: Task<Void, Never>?
        var logWatch: Task<Void, Never>?
        /// How instance logs (a spec's `.appendingTo` output) are rotated: the plan's `logs:`, the latest applied.
        var logRotation = LogRotation.standard
        /// When `start` had launched every instance (nil while it still starts them).
        var launchedAt: C.Instant?
        let bornAt: C.Instant
        /// The hot-load broadcast each spawn gets a channel of (`attach`); nil: agents watch on their own.
        var broadcast: FleetBroadcast?
        /// Reads the agents' activity off the broadcast; checks running requests for stalls.
        var activityFollower: Task<Void, Never>?
        var stallWatch: Task<Void, Never>?
        /// What each agent has spent, and the fleet's own cap (`budget:` at the top of fleet.yaml).
        var ledger = SpendLedger()
        var fleetBudget: Budget?

        /// - Parameters:
        ///   - command: the process that runs an instance (`axon agent NAME --replica N` in production).
        ///   - report: called with every state change, in order.
        public init(
            clock: C, options: Options = .init(), reaper: OrphanReaper = OrphanReaper(),
            command: @escaping @Sendable (FleetInstance) -> ProcessSpec,
            report: @escaping @Sendable (FleetEvent) -> Void
        ) {
            self.clock = clock
            bornAt = clock.now
            self.options = options
            self.command = command
            self.report = report
            self.reaper = reaper
            self.spawner = SpawnThread(reaper: reaper)
        }

        /// Starts every instance of `plan`, under its budgets.
        /// - Parameter spent: USD by agent in the traces so far (`UsageReport` by agent): what `budget:` counts
        ///   from.
        public func start(_ plan: FleetPlan, spent: [String: Double] = [:]) async {
            ledger = SpendLedger(settled: spent)
            fleetBudget = plan.budget
            logRotation = LogRotation(plan.logs)
            watchStalls()
            await add(plan.instances)
        }

        /// Adds `instances` (ids not in the fleet yet) and launches them.
        func add(_ instances: [FleetInstance]) async {
            for instance in instances where units[instance.id] == nil {
                let tracker = RestartTracker<C.Instant>(
                    policy: instance.spec.restart, oneShot: instance.kind.isOneShot, stableAfter: options.stableAfter)
                // Pending until launched: an instance that exits at once must not find the others idle.
                units[instance.id] = Unit(instance: instance, tracker: tracker, life: .spawning)
                order.append(instance.id)
            }
            if sweeper == nil, reaper.active {
                // Adopted orphans that exit are reaped within a second, so none lingers as a zombie until the
                // stop. The sweep never blocks (WNOHANG), so it may run on the pool.
                let reaper = reaper
                sweeper = Task {
                    while (try? await Task.sleep(for: .seconds(1))) != nil { reaper.sweep() }
                }
            }
            watchLogs()
            for id in instances.map(\.id) { await launch(id) }
            launchedAt = clock.now
            checkIdle()
        }

        /// Waits until the fleet stopped or has nothing left to run.
        public func finished() async -> Outcome {
            if let outcome { return outcome }
            return await withCheckedContinuation { waiters.append($0) }
        }

        /// The tracker state of every instance, in plan order (status and tests).
        public func states() -> [(id: String, state: RestartTracker<C.Instant>.State)] {
            order.compactMap { id in units[id].map { (id, $0.tracker.state) } }
        }

        // MARK: running

        func launch(_ id: String) async {
            guard var unit = units[id] else { return }
            guard phase == .running else {
                units[id]?.life = .idle
                stopProgress()
                return
            }
            if let reason = budgetProblem(unit.instance) {
                units[id]?.life = .idle
                stopOverBudget(id, reason: reason)
                checkIdle()
                return
            }
            unit.overBudget = nil
            unit.run += 1
            unit.life = .spawning
            let run = unit.run
            units[id] = unit
            var spec = command(unit.instance)
            let channel = broadcast?.open(id, spec: &spec)
            defer { channel?.close() }  // the agent's copy is the only one left: its exit ends the channel
            units[id]?.due = nil
            units[id]?.channel = channel?.token
            units[id]?.activity = nil
            if case .appendingTo(let path) = spec.output {
                units[id]?.log = path
                // Nobody writes the log between two runs: this is when a crash loop's log is cut short.
                logRotation.beforeSpawn(path)
            }
            let started: ChildProcess
            do {
                started = try await spawner.spawn(spec)
            } catch {
                units[id]?.life = .idle
                if phase == .running {
                    decide(id, exit: .execFailed(error.description))
                } else {
                    stoppedOne(id, exit: .execFailed(error.description))
                }
                return
            }
            units[id]?.life = .running(started)
            units[id]?.lastStart = clock.now
            units[id]?.tracker.started(at: clock.now)
            report(.started(id: id, pid: started.pid))
            // A stop that began while the spawn was in flight reaches this one too, as does a spent budget.
            if phase != .running {
                started.signalGroup(SIGTERM)
                stopGroups.append(started.pid)
            } else if units[id]?.overBudget != nil {
                terminate(id, started, run: run)
            }
            let reaper = reaper
            Task {
                // Nothing an agent started may outlive it: what is left of its group dies before it is reaped.
                let termination = await started.wait(killingStragglers: true)
                reaper.forget(started.pid)
                self.ended(id, run: run, termination: termination)
            }
        }

        func ended(_ id: String, run: Int, termination: Termination) {
            guard let unit = units[id], unit.run == run else { return }
            units[id]?.life = .idle
            settle(id)
            let waiters = unit.restartWaiters
            units[id]?.restartWaiters = []
            defer { for waiter in waiters { waiter.resume() } }
            if phase != .running {
                stoppedOne(id, exit: AgentExit(termination))
                return
            }
            if !waiters.isEmpty {
                // `restart` relaunches it; pending until then, so the fleet is not found idle in between.
                units[id]?.life = .spawning
                units[id]?.lastExit = AgentExit(termination)
                report(.stopped(id: id, AgentExit(termination), forced: unit.forced))
                units[id]?.forced = false
                return
            }
            decide(id, exit: AgentExit(termination))
        }

        /// Applies the restart policy (and the schedule) to an exit while the fleet is up.
        func decide(_ id: String, exit: AgentExit) {
            guard var unit = units[id] else { return }
            let now = clock.now
            unit.lastExit = exit
            if let reason = unit.overBudget {
                units[id] = unit
                report(.exited(id: id, exit, next: .overBudget(reason)))
                checkIdle()
                return
            }
            let decision = unit.tracker.exited(exit, at: now, jitter: options.jitter())
            units[id] = unit
            switch decision {
            case .restart(let after):
                report(.exited(id: id, exit, next: .restart(after: after)))
                schedule(id, at: now.advanced(by: after))
            case .completed:
                let next = nextRun(of: unit, now: now)
                report(.exited(id: id, exit, next: .completed(nextRun: next)))
                if let next { schedule(id, at: now.advanced(by: next)) }
            case .stop:
                let next = nextRun(of: unit, now: now)
                report(
                    .exited(id: id, exit, next: .stopped(policy: unit.tracker.policy.policy.rawValue, nextRun: next)))
                if let next { schedule(id, at: now.advanced(by: next)) }
            case .fatal(let restarts, let window):
                report(.exited(id: id, exit, next: .fatal(restarts: restarts, window: window)))
            case .execFailed(let reason):
                report(.exited(id: id, exit, next: .execFailed(reason)))
            }
            checkIdle()
        }

        /// When an `every:` instance runs next: `every` after its last start, at once if that has passed
        /// (runs never overlap: the next starts only after this one ended). Nil without `every:`.
        func nextRun(of unit: Unit, now: C.Instant) -> Duration? {
            guard let every = unit.instance.spec.every, unit.instance.kind.isOneShot else { return nil }
            guard let last = unit.lastStart else { return .zero }
            return max(.zero, now.duration(to: last.advanced(by: every)))
        }

        func schedule(_ id: String, at deadline: C.Instant) {
            guard let run = units[id]?.run else { return }
            let clock = clock
            let timer = Task {
                do {
                    try await clock.sleep(until: deadline, tolerance: nil)
                } catch {
                    return
                }
                await self.fire(id, run: run)
            }
            units[id]?.life = .waiting(timer)
            units[id]?.due = deadline
        }

        func fire(_ id: String, run: Int) async {
            guard let unit = units[id], unit.run == run, case .waiting = unit.life else { return }
            await launch(id)
        }

        func checkIdle() {
            guard phase == .running, outcome == nil else { return }
            let busy = units.values.contains { unit in
                if case .idle = unit.life { return false }
                return true
            }
            guard !busy else { return }
            let failed = order.filter { units[$0]?.tracker.isSticky == true || units[$0]?.overBudget != nil }
            // Nothing can start again, so the fleet is over: what escaped its agents goes with it, as at a stop.
            phase = .stopped
            Task {
                _ = await reaper.killAdopted()
                report(.idle)
                finish(.idle(failed: failed))
            }
        }

        func finish(_ result: Outcome) {
            sweeper?.cancel()
            logWatch?.cancel()
            activityFollower?.cancel()
            stallWatch?.cancel()
            outcome = result
            for waiter in waiters { waiter.resume(returning: result) }
            waiters = []
        }
    }
#endif
