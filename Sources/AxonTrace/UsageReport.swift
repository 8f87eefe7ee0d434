public import AxonCore

/// Token and USD totals from `model.call` entries: each completed API call is counted exactly once.
///
/// `request.end` and `session.end` carry running totals too; summing them as well would count every call
/// twice or three times, so they are ignored here.
public enum UsageReport {
    /// How rows are keyed.
    public enum Grouping: String, Sendable, CaseIterable {
        /// The session's agent (from its `session.start`; `-` when the trace has none).
        case agent
        /// The entry's thread (`-` for calls outside a request).
        case thread
        /// `provider/model`.
        case model
        /// The UTC day of the call's `ts` (`2026-11-26`).
        case day
    }

    /// Totals of every trace under `directory`, grouped; rows sorted by key.
    /// - Throws: `.io` when the directory or a trace cannot be read; `.malformed` / `.unsupportedVersion` for a
    ///   damaged trace (a torn tail is not an error: its committed lines count). Undercounting silently would be
    ///   worse than refusing, so one damaged trace fails the report and names itself.
    public static func build(directory: String, by grouping: Grouping) throws(TraceError) -> [UsageRow] {
        var rows: [String: UsageRow] = [:]
        for name in try POSIXFile.list(directory).sorted() where name.hasSuffix(".jsonl") && !name.hasPrefix(".") {
            let result = try TraceReader.read(path: directory + "/" + name, only: ["session.start", "model.call"])
            add(result.entries, by: grouping, to: &rows)
        }
        return rows.values.sorted { $0.key < $1.key }
    }

    /// Totals of the given entries (one session's or several), grouped; rows sorted by key.
    public static func build(entries: [TraceEntry], by grouping: Grouping) -> [UsageRow] {
        var rows: [String: UsageRow] = [:]
        add(entries, by: grouping, to: &rows)
        return rows.values.sorted { $0.key < $1.key }
    }

    /// The sum of `rows`, keyed `total`.
    public static func total(_ rows: [UsageRow]) -> UsageRow {
        rows.reduce(into: UsageRow(key: "total", calls: 0, usage: .zero, costUSD: 0)) { t, r in
            t.calls += r.calls
            t.usage += r.usage
            t.costUSD += r.costUSD
        }
    }

    private static func add(_ entries: [TraceEntry], by grouping: Grouping, to rows: inout [String: UsageRow]) {
        var agents: [SessionID: AgentName] = [:]
        for entry in entries {
            switch entry.event {
            case .sessionStart(let agent, _, _, _, _, _):
                agents[entry.session] = agent
            case .modelCall(let provider, let model, _, let billing):
                let key: String =
                    switch grouping {
                    case .agent: agents[entry.session]?.rawValue ?? "-"
                    case .thread: entry.thread?.rawValue ?? "-"
                    case .model: provider + "/" + model
                    case .day: entry.ts.day
                    }
                rows[key, default: UsageRow(key: key, calls: 0, usage: .zero, costUSD: 0)].add(billing)
            default:
                break
            }
        }
    }
}

/// One line of `axon usage`: the calls, tokens and cost under one key.
public struct UsageRow: Sendable, Equatable {
    public var key: String
    /// Number of `model.call` entries.
    public var calls: Int
    public var usage: Usage
    public var costUSD: Double
    public init(key: String, calls: Int, usage: Usage, costUSD: Double) {
        self.key = key
        self.calls = calls
        self.usage = usage
        self.costUSD = costUSD
    }

    mutating func add(_ billing: Billing) {
        calls += 1
        usage += billing.usage
        costUSD += billing.costUSD
    }
}
