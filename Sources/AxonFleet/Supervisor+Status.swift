#if os(Linux)
    import AxonConfig
    import AxonControl
    import AxonCore
    import AxonProcess
    import Glibc

    extension Supervisor {
        /// The fleet's state as the supervisor knows it: its processes, and what their sessions reported on
        /// their channels (no agent is asked).
        public func status() -> FleetStatus {
            let now = clock.now
            let phase: String =
                switch self.phase {
                case .running: launchedAt == nil ? "starting" : "running"
                case .stopping: "stopping"
                case .stopped: "stopped"
                }
            let acked = broadcast?.acked() ?? [:]
            let instances = order.compactMap { id in
                units[id].map { unit in
                    var row = row(unit, now: now)
                    if case .running = unit.life { row.generation = acked[id] ?? nil }
                    return row
                }
            }
            var status = FleetStatus(
                phase: phase, pid: getpid(), uptime: bornAt.duration(to: now), instances: instances)
            status.stopTimeout = options.stopTimeout
            status.configProblems = configProblems
            return status
        }

        func row(_ unit: Unit, now: C.Instant) -> FleetStatus.Instance {
            let instance = unit.instance
            var row = FleetStatus.Instance(
                id: instance.id, agent: instance.agent.rawValue, replica: instance.replica,
                kind: instance.kind.rawValue, state: state(of: unit, now: now), restarts: unit.tracker.restarts)
            row.thread = instance.spec.thread
            row.lastExit = unit.lastExit?.description
            if case .running(let child) = unit.life {
                row.pid = child.pid
                row.uptime = unit.lastStart.map { $0.duration(to: now) }
                row.session = unit.activity?.session
                row.tokens = unit.activity?.tokens
                row.costUSD = unit.activity?.costUSD
            }
            if case .waiting = unit.life, let due = unit.due { row.next = max(.zero, now.duration(to: due)) }
            switch unit.tracker.state {
            case .fatal(let restarts, let window):
                row.reason = "\(restarts) restarts in \(ConfigDuration.format(window))"
            case .execFailed(let reason): row.reason = reason
            default: break
            }
            if let reason = unit.overBudget { row.reason = reason }
            return row
        }

        func state(of unit: Unit, now: C.Instant) -> FleetStatus.State {
            switch unit.life {
            case .spawning: return .starting
            case .running: return activeState(unit, now: now)
            case .waiting, .idle:
                if unit.overBudget != nil { return .stopped }
                switch unit.tracker.state {
                case .backoff: return .backoff
                case .completed: return .completed
                case .fatal: return .fatal
                case .execFailed: return .execFailed
                case .idle, .stopped, .running: return .stopped
                }
            }
        }
    }
#endif
