#if os(Linux)
    import AxonProcess
    import Glibc

    extension Supervisor {
        /// Stops the fleet: pending restarts and schedules are cancelled, every group gets SIGTERM (agents end
        /// their sessions), those still alive after `stopTimeout` get SIGKILL; returns once every group is empty
        /// and every adopted process (one that escaped its agent) is killed. Reaches each instance exactly
        /// once, whether it was running, starting or waiting to restart. A second call waits for the first.
        /// - Parameter timeout: replaces `Options.stopTimeout` for this stop (`axon down --timeout`).
        public func stop(timeout: Duration? = nil) async {
            guard phase == .running else {
                _ = await finished()
                return
            }
            phase = .stopping
            var live = 0
            for id in order {
                guard let unit = units[id] else { continue }
                switch unit.life {
                case .waiting(let timer):
                    timer.cancel()
                    units[id]?.life = .idle
                    units[id]?.tracker.stopped()
                case .running(let child):
                    child.signalGroup(SIGTERM)
                    stopGroups.append(child.pid)
                    live += 1
                case .spawning:
                    live += 1  // signalled as soon as its spawn returns (`launch`)
                case .idle:
                    break
                }
            }
            report(.stopping(count: live))
            let clock = clock
            let deadline = clock.now.advanced(by: timeout ?? options.stopTimeout)
            let killer = Task {
                guard (try? await clock.sleep(until: deadline, tolerance: nil)) != nil else { return }
                self.force(announce: false)
            }
            await allEnded()
            killer.cancel()
            await emptyGroups()
            sweeper?.cancel()
            let adopted = await reaper.killAdopted()
            phase = .stopped
            report(.allStopped(adopted: adopted))
            finish(.stopped)
        }

        /// SIGKILL to every group still running (a second Ctrl-C, or the stop timeout).
        public func force(announce: Bool = true) {
            if announce { report(.forcing) }
            for id in order {
                guard case .running(let child) = units[id]?.life else { continue }
                units[id]?.forced = true
                child.signalGroup(SIGKILL)
            }
        }

        /// An instance ended while the fleet stops.
        func stoppedOne(_ id: String, exit: AgentExit) {
            let forced = units[id]?.forced ?? false
            units[id]?.lastExit = exit
            units[id]?.tracker.stopped()
            report(.stopped(id: id, exit, forced: forced))
            stopProgress()
        }

        /// Wakes `allEnded` once no instance is starting or running.
        func stopProgress() {
            guard phase == .stopping, everyUnitIdle else { return }
            for waiter in stopWaiters { waiter.resume() }
            stopWaiters = []
        }

        var everyUnitIdle: Bool {
            units.values.allSatisfy { unit in
                if case .idle = unit.life { return true }
                return false
            }
        }

        func allEnded() async {
            if everyUnitIdle { return }
            await withCheckedContinuation { stopWaiters.append($0) }
        }

        /// Waits (a few seconds at most) until no process is left in the groups the stop signalled. Their
        /// stragglers were SIGKILLed as each leader exited; killed, they are adopted by this subreaper, and the
        /// sweep reaps them — a zombie still counts as a member. Probing with signal 0 never harms a process.
        func emptyGroups() async {
            let groups = stopGroups
            for _ in 0..<300 {
                reaper.sweep()
                let occupied = groups.contains { kill(-$0, 0) == 0 || errno != ESRCH }
                if !occupied { return }
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
    }
#endif
