#if os(Linux)
    import AxonCore

    extension Supervisor {
        /// Checks the logs of running instances against the rotation limit every `logCheckInterval` (real time:
        /// it is about bytes on disk, not the fleet's clock), so a long-lived chatty agent is kept in bounds too.
        /// Logs between runs are rotated at the next spawn (`launch`).
        func watchLogs() {
            guard logWatch == nil else { return }
            let interval = options.logCheckInterval
            logWatch = Task {
                while (try? await Task.sleep(for: interval)) != nil {
                    let logs = self.runningLogs()
                    guard !logs.isEmpty else { continue }
                    // Read at each check: a fleet.yaml change to `logs:` applies at the next one.
                    let rotation = self.logRotation
                    // Copying up to a limit's worth of log is blocking I/O: not on the cooperative pool.
                    await BlockingWork.run(name: "axon-fleet-logs") {
                        for log in logs { rotation.whileRunning(log) }
                    }
                }
            }
        }

        func runningLogs() -> [String] {
            order.compactMap { id in
                guard let unit = units[id], case .running = unit.life else { return nil }
                return unit.log
            }
        }
    }
#endif
