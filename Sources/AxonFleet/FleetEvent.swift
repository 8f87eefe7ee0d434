import AxonConfig
import AxonCore

/// One state change of the fleet, as the supervisor reports it (the CLI prints each as one line).
public enum FleetEvent: Sendable, Equatable, CustomStringConvertible {
    case started(id: String, pid: Int32)
    /// A run ended while the fleet was up; `next` is what the restart policy or the schedule decided.
    case exited(id: String, AgentExit, next: Next)
    /// Stopping: SIGTERM goes to `count` agents' process groups.
    case stopping(count: Int)
    /// A second interrupt: every group left gets SIGKILL now.
    case forcing
    /// An agent ended during the stop; `forced` when it needed SIGKILL.
    case stopped(id: String, AgentExit, forced: Bool)
    /// Every group is empty; `adopted` processes that had escaped their agent were killed.
    case allStopped(adopted: Int)
    /// Nothing runs and nothing is scheduled.
    case idle
    /// `axon restart` asked for the instance to start afresh.
    case restartRequested(id: String)
    /// fleet.yaml changed: what starts, stops and restarts.
    case planChanged(PlanDiff)
    /// An instance fleet.yaml no longer has is stopped and gone.
    case retired(id: String)
    /// fleet.yaml changed but does not validate: the fleet runs on as it was.
    case planRejected([String])
    /// Hot-load generation `generation` (the parts in `scope`) was sent to `of` agents; `acked` of them acked
    /// it — the others ended first — `after` it was sent, when the last one did (`FleetBroadcast`).
    case hotLoad(generation: Int, scope: [String], acked: Int, of: Int, after: Duration)
    /// The agent's budget (or the fleet's) is spent: the instance is stopped and stays stopped.
    case overBudget(id: String, reason: String)
    /// A request ended `looping`: the model repeated one tool call.
    case looping(id: String)
    /// The running request `request` has made no progress for `after` (its agent's `stall_after`).
    case stalled(id: String, request: String, after: Duration)

    public enum Next: Sendable, Equatable {
        case restart(after: Duration)
        /// A one-shot run succeeded; its `every:` schedule runs it again after `nextRun`.
        case completed(nextRun: Duration?)
        /// A failed one-shot run under `never`, or any exit the policy does not restart; `nextRun` as above.
        case stopped(policy: String, nextRun: Duration?)
        case fatal(restarts: Int, window: Duration)
        case execFailed(String)
        /// Not restarted: a budget is spent (the reason).
        case overBudget(String)
    }

    public var description: String {
        switch self {
        case .started(let id, let pid): return "\(id) started pid \(pid)"
        case .exited(let id, let exit, let next):
            switch next {
            case .restart(let after):
                return "\(id) \(exit), restarting " + (after == .zero ? "now" : "in " + Self.seconds(after))
            case .completed(let nextRun): return "\(id) \(exit), completed" + Self.schedule(nextRun)
            case .stopped(let policy, let nextRun):
                return "\(id) \(exit), not restarted (restart policy \(policy))" + Self.schedule(nextRun)
            case .fatal(let restarts, let window):
                return "\(id) fatal: \(restarts) restarts in \(ConfigDuration.format(window)) (last run \(exit))"
            case .execFailed:
                return "\(id) \(exit); not restarted (fix it, then: axon restart \(id))"
            case .overBudget(let reason):
                return "\(id) \(exit); not restarted (\(reason))"
            }
        case .stopping(let count): return "fleet: stopping \(count) agent\(count == 1 ? "" : "s")"
        case .forcing: return "fleet: forcing: SIGKILL to every agent left"
        case .stopped(let id, let exit, let forced): return "\(id) stopped (\(forced ? "forced, " : "")\(exit))"
        case .allStopped(let adopted):
            return "fleet: stopped"
                + (adopted > 0 ? " (\(adopted) escaped process\(adopted == 1 ? "" : "es") killed)" : "")
        case .idle: return "fleet: nothing left to run"
        case .restartRequested(let id): return "\(id) restart requested"
        case .planChanged(let diff):
            var parts = diff.added.map { "+" + $0 } + diff.changed.map { "~" + $0 } + diff.removed.map { "-" + $0 }
            parts += diff.scaled.map { "\($0.agent.rawValue) scaled \($0.from) → \($0.to)" }
            return "fleet: fleet.yaml changed: " + parts.joined(separator: ", ")
        case .retired(let id): return "\(id) removed from the fleet"
        case .planRejected(let problems):
            return "fleet: fleet.yaml changed but is not valid; the fleet runs as it was:\n  "
                + problems.joined(separator: "\n  ")
        case .hotLoad(let generation, let scope, let acked, let of, let after):
            let parts = scope.isEmpty ? "" : " (\(scope.joined(separator: ", ")))"
            let tenths = after.components.seconds * 10_000 + after.components.attoseconds / 100_000_000_000_000
            return "hot-load generation \(generation)\(parts): acked by \(acked)/\(of) agent\(of == 1 ? "" : "s") in "
                + "\(tenths / 10).\(tenths % 10) ms"
        case .overBudget(let id, let reason):
            return "\(id) stopping: \(reason) (raise it in fleet.yaml to run it again)"
        case .looping(let id):
            return "\(id) looping: its request repeated one tool call and was stopped (see axon trace)"
        case .stalled(let id, let request, let after):
            return "\(id) stalled: request \(request) has made no progress for \(ConfigDuration.format(after))"
        }
    }

    static func schedule(_ nextRun: Duration?) -> String {
        guard let nextRun else { return "" }
        return "; next run " + (nextRun == .zero ? "now" : "in " + seconds(nextRun))
    }

    /// `45ms`, `0.2s`, `1.6s`, `30s`, `2m5s`: milliseconds under a tenth of a second, tenths under a minute,
    /// the fleet.yaml syntax above.
    static func seconds(_ d: Duration) -> String {
        let ms = d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
        if ms < 100 { return "\(ms)ms" }
        if ms >= 60_000 { return ConfigDuration.format(.milliseconds(ms)) }
        let tenths = (ms + 50) / 100
        return tenths % 10 == 0 ? "\(tenths / 10)s" : "\(tenths / 10).\(tenths % 10)s"
    }
}
