import AxonControl
import AxonCore
import AxonTrace

/// A fleet agent's `AgentActivity`, kept up to date from its session's trace entries as they are appended.
///
/// Every entry inside a request is progress (the supervisor's stall clock restarts), so each one produces an
/// activity to send; entries between requests change nothing the supervisor shows and produce none, except a
/// `model.call` (a compaction's, say) whose spend counts toward the budget.
struct ActivityTally: Sendable {
    private(set) var activity: AgentActivity

    init(session: String) { activity = AgentActivity(session: session) }

    /// Folds `entry` in; returns the activity to report, or nil when nothing the supervisor sees changed.
    mutating func add(_ entry: TraceEntry) -> AgentActivity? {
        var changed = entry.request != nil
        switch entry.event {
        case .requestStart:
            activity.request = entry.request?.rawValue
        case .modelCall(_, _, _, let billing):
            activity.tokens += billing.usage.totalTokens
            activity.costUSD += billing.costUSD
            changed = true
        case .requestEnd(let status, _, _):
            activity.request = nil
            activity.lastStatus = status.rawValue
        default:
            break
        }
        return changed ? activity : nil
    }
}
