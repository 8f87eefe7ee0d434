#if os(Linux)
    import AxonConfig
    import AxonControl
    import AxonCore
    import AxonProcess
    import Glibc

    /// What the agents report of their sessions on their channels (`AgentActivity`): an instance's state
    /// (idle, working, looping, stalled), its session and spend, and the budgets that spend is held to.
    extension Supervisor {
        /// Gives every instance spawned from now on a channel of `broadcast` (its capability updates, its acks,
        /// its activity).
        public func attach(_ broadcast: FleetBroadcast) {
            self.broadcast = broadcast
            let reports = broadcast.activities
            activityFollower = Task {
                for await reported in reports { self.observed(reported) }
            }
        }

        func observed(_ reported: FleetBroadcast.Reported) {
            let id = reported.id, activity = reported.activity
            guard var unit = units[id], unit.channel == reported.token, case .running = unit.life else { return }
            let before = unit.activity
            unit.activity = activity
            unit.progressAt = clock.now
            unit.stallReported = false
            units[id] = unit
            if before?.request != nil, activity.request == nil, activity.lastStatus == "looping" {
                report(.looping(id: id))
            }
            let agent = unit.instance.agent.rawValue
            ledger.record(instance: id, agent: agent, session: activity.session, costUSD: activity.costUSD)
            checkBudgets()
        }

        /// A run of `id` ended: its session's spend stays counted, its activity goes.
        func settle(_ id: String) {
            ledger.settle(id)
            units[id]?.activity = nil
            units[id]?.progressAt = nil
        }

        // MARK: budgets

        /// Why `instance` may not run now, or nil: its agent's `budget:` or the fleet's is spent.
        func budgetProblem(_ instance: FleetInstance) -> String? {
            if let cap = instance.spec.budget?.usd {
                let spent = ledger.spent(by: instance.agent.rawValue)
                if spent >= cap { return "budget spent: \(Format.usd(spent)) of \(Format.usd(cap))" }
            }
            if let cap = fleetBudget?.usd, ledger.total >= cap {
                return "fleet budget spent: \(Format.usd(ledger.total)) of \(Format.usd(cap))"
            }
            return nil
        }

        /// Those of `ids` a spent budget keeps stopped, with the reason (`axon restart` refuses them).
        public func overBudget(_ ids: [String]) -> [(id: String, reason: String)] {
            ids.compactMap { id in
                guard let unit = units[id] else { return nil }
                return (unit.overBudget ?? budgetProblem(unit.instance)).map { (id, $0) }
            }
        }

        /// Stops every instance whose budget is spent.
        func checkBudgets() {
            // Most fleets set no budget: then an activity report costs no pass over the fleet.
            let budgeted = fleetBudget != nil || units.values.contains { $0.instance.spec.budget != nil }
            for id in order where budgeted {
                guard let unit = units[id], unit.overBudget == nil, let reason = budgetProblem(unit.instance) else {
                    continue
                }
                stopOverBudget(id, reason: reason)
            }
            checkIdle()
        }

        /// Keeps `id` stopped for `reason`: a running process gets SIGTERM on its group (its session ends with
        /// `session.end`; SIGKILL after the stop timeout), a pending restart or run is cancelled. It runs again
        /// once fleet.yaml raises the budget (`apply`), not by its restart policy.
        func stopOverBudget(_ id: String, reason: String) {
            guard let unit = units[id], unit.overBudget == nil else { return }
            units[id]?.overBudget = reason
            report(.overBudget(id: id, reason: reason))
            switch unit.life {
            case .running(let child):
                terminate(id, child, run: unit.run)
            case .waiting(let timer):
                timer.cancel()
                units[id]?.life = .idle
            case .spawning, .idle:
                break  // `launch` checks the budget before it spawns and after
            }
        }

        /// SIGTERM to the group of `id`'s run `run`, SIGKILL if it still runs after the stop timeout.
        func terminate(_ id: String, _ child: ChildProcess, run: Int) {
            child.signalGroup(SIGTERM)
            _ = killAfterStopTimeout(id, run: run)
        }

        /// After fleet.yaml changed: instances kept stopped by a budget it raised (or removed) run again.
        func resumeUnderBudget() async {
            for id in order {
                guard let unit = units[id], unit.overBudget != nil, case .idle = unit.life,
                    budgetProblem(unit.instance) == nil
                else { continue }
                await launch(id)
            }
        }

        // MARK: stalls

        /// Reports each request that made no progress (no trace entry) for its agent's `stall_after`, once.
        func watchStalls() {
            guard stallWatch == nil else { return }
            stallWatch = Task {
                while (try? await Task.sleep(for: .seconds(1))) != nil { self.checkStalls() }
            }
        }

        func checkStalls() {
            let now = clock.now
            for id in order {
                guard let unit = units[id], !unit.stallReported, let request = unit.activity?.request,
                    let since = unit.progressAt, since.duration(to: now) >= unit.instance.spec.stallAfter
                else { continue }
                units[id]?.stallReported = true
                report(.stalled(id: id, request: request, after: since.duration(to: now)))
            }
        }

        /// A running instance's state from what its session reported (without a channel nothing is reported:
        /// its process runs, and that is all that is known).
        func activeState(_ unit: Unit, now: C.Instant) -> FleetStatus.State {
            guard unit.channel != nil else { return .working }
            guard let activity = unit.activity else { return .starting }
            if activity.request != nil {
                let quiet = unit.progressAt.map { $0.duration(to: now) } ?? .zero
                return quiet >= unit.instance.spec.stallAfter ? .stalled : .working
            }
            if activity.lastStatus == "looping" { return .looping }
            return unit.instance.kind == .persistent ? .idle : .working
        }
    }
#endif
