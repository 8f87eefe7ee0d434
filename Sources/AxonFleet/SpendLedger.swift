/// What each agent has spent, for `budget:`: the traces' totals when the supervisor started (what
/// `axon usage --by agent` shows) plus each fleet session since, as its agent reports it on the channel.
///
/// Traces are the record; the channel only keeps the count current between two reads of them. A session
/// that dies between writing a `model.call` and reporting it is counted at the supervisor's next start.
struct SpendLedger: Sendable, Equatable {
    struct Live: Sendable, Equatable {
        var agent: String
        var session: String
        var costUSD: Double
    }

    /// By agent: the traces read at start, plus the sessions that ended since.
    private(set) var settled: [String: Double]
    /// By instance: its current session and what that session has spent.
    private(set) var live: [String: Live] = [:]

    init(settled: [String: Double] = [:]) { self.settled = settled }

    /// `instance` (of `agent`) reports that its session `session` has spent `costUSD` so far.
    mutating func record(instance: String, agent: String, session: String, costUSD: Double) {
        if let current = live[instance], current.session != session { settle(instance) }
        live[instance] = Live(agent: agent, session: session, costUSD: costUSD)
    }

    /// `instance`'s session ended: what it spent stays counted for its agent.
    mutating func settle(_ instance: String) {
        guard let ended = live.removeValue(forKey: instance) else { return }
        settled[ended.agent, default: 0] += ended.costUSD
    }

    func spent(by agent: String) -> Double {
        live.values.reduce(settled[agent, default: 0]) { $0 + ($1.agent == agent ? $1.costUSD : 0) }
    }

    var total: Double { live.values.reduce(settled.values.reduce(0, +)) { $0 + $1.costUSD } }
}
