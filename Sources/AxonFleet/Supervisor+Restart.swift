#if os(Linux)
    import AxonProcess
    import Glibc

    extension Supervisor {
        /// The ids of every instance, in plan order (what `axon restart` and `axon ps` resolve names against).
        public func instanceIDs() -> [String] { order }

        /// `axon restart`: each of `ids` starts afresh — its restart budget, backoff and a sticky `fatal` or
        /// `exec-failed` cleared. A running one gets SIGTERM on its group (SIGKILL after the stop timeout) and
        /// is started again as soon as it exited; one waiting for a restart or its next run, or ended, starts
        /// now. Returns once each has been launched again; false when the fleet is stopping.
        public func restart(_ ids: [String]) async -> Bool {
            guard phase == .running else { return false }
            await withTaskGroup(of: Void.self) { group in
                for id in ids { group.addTask { await self.restartOne(id) } }
            }
            return true
        }

        func restartOne(_ id: String) async {
            guard phase == .running, let unit = units[id] else { return }
            report(.restartRequested(id: id))
            switch unit.life {
            case .running(let child):
                // A second restart of the same instance waits for the same exit but leaves the relaunch to the first.
                let first = unit.restartWaiters.isEmpty
                await stopForRelaunch(id, child, run: unit.run, signal: first)
                guard first else { return }
            case .waiting(let timer):
                timer.cancel()
            case .spawning:
                // A start is under way already (or a restart's relaunch): that is the fresh start.
                units[id]?.tracker.reset()
                return
            case .idle:
                break
            }
            units[id]?.tracker.reset()
            // Also when a stop began while it waited: `launch` then settles the pending instance for the stop.
            await launch(id)
        }

        /// Waits until the running `child` of `id` has exited, after SIGTERM to its group (when `signal`) and
        /// SIGKILL once the stop timeout passed; `ended` then reports the stop and leaves the rest to the caller.
        func stopForRelaunch(_ id: String, _ child: ChildProcess, run: Int, signal: Bool) async {
            let killer = killAfterStopTimeout(id, run: run)
            await withCheckedContinuation { continuation in
                units[id]?.restartWaiters.append(continuation)
                if signal { child.signalGroup(SIGTERM) }
            }
            killer.cancel()
        }

        /// SIGKILL to the group of `id`'s run `run` (its stop then reads `forced`) if it still runs once the stop
        /// timeout has passed; cancel the task when it ended in time.
        func killAfterStopTimeout(_ id: String, run: Int) -> Task<Void, Never> {
            let clock = clock
            let deadline = clock.now.advanced(by: options.stopTimeout)
            return Task {
                guard (try? await clock.sleep(until: deadline, tolerance: nil)) != nil else { return }
                guard let unit = self.units[id], unit.run == run, case .running(let child) = unit.life else { return }
                self.units[id]?.forced = true
                child.signalGroup(SIGKILL)
            }
        }
    }
#endif
