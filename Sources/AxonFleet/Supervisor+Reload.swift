#if os(Linux)
    import AxonConfig
    import AxonProcess
    import Glibc

    extension Supervisor {
        /// Turns the running fleet into `next` (a fleet.yaml that changed and validated): instances that are new
        /// start, instances that are gone stop, instances whose agent changed (any key, `env:` included, or its
        /// model) restart with the new spec; every other instance — its process, its restart budget, its
        /// schedule — is not touched.
        /// - Returns: what changed (empty when nothing did; nothing is then reported).
        @discardableResult
        public func apply(_ next: FleetPlan) async -> PlanDiff {
            guard phase == .running else { return PlanDiff() }
            configProblems = []
            fleetBudget = next.budget
            // The periodic check and the next spawn read it: no instance restarts for it.
            logRotation = LogRotation(next.logs)
            let current = FleetPlan(instances: order.compactMap { units[$0]?.instance })
            let diff = current.diff(to: next)
            guard !diff.isEmpty else {
                await resumeUnderBudget()
                return diff
            }
            report(.planChanged(diff))
            await withTaskGroup(of: Void.self) { group in
                for id in diff.removed { group.addTask { await self.retire(id) } }
                for id in diff.changed {
                    guard let instance = next[id] else { continue }
                    group.addTask { await self.replace(id, with: instance) }
                }
            }
            await add(next.instances.filter { diff.added.contains($0.id) })
            // The plan's order, for `axon ps`.
            let ids = next.instances.map(\.id)
            order = ids.filter { units[$0] != nil } + order.filter { !ids.contains($0) && units[$0] != nil }
            await resumeUnderBudget()
            checkIdle()
            return diff
        }

        /// A change to fleet.yaml that does not validate: reported, kept for `axon ps`, and nothing else changes.
        public func reject(_ problems: [String]) {
            configProblems = problems
            report(.planRejected(problems))
        }

        /// Restarts `id` as `instance` says, with a fresh restart budget (its policy may have changed).
        func replace(_ id: String, with instance: FleetInstance) async {
            guard units[id] != nil else { return }
            units[id]?.instance = instance
            units[id]?.tracker = RestartTracker<C.Instant>(
                policy: instance.spec.restart, oneShot: instance.kind.isOneShot, stableAfter: options.stableAfter)
            await restartOne(id)
        }

        /// Stops `id` for good (SIGTERM to its group, SIGKILL after the stop timeout) and forgets it.
        func retire(_ id: String) async {
            guard let unit = units[id] else { return }
            switch unit.life {
            case .running(let child):
                await stopForRelaunch(id, child, run: unit.run, signal: true)
            case .waiting(let timer):
                timer.cancel()
            case .spawning:
                // A start under way: retired as soon as it has a process.
                for _ in 0..<500 {
                    try? await Task.sleep(for: .milliseconds(10))
                    if case .running = units[id]?.life { return await retire(id) }
                    if case .spawning = units[id]?.life { continue }
                    break
                }
            case .idle:
                break
            }
            units[id] = nil
            order.removeAll { $0 == id }
            report(.retired(id: id))
        }
    }
#endif
