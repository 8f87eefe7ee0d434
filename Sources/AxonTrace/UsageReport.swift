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
    ///
    /// A damaged trace (malformed lines, unreadable) does not fail the report: what could be read counts, and
    /// each problem is listed in `problems` (`path:line: malformed line …; skipped`) for the caller to say, so
    /// an undercount is never silent. A torn tail is not a problem: its committed lines count.
    /// - Throws: `.io` when the directory itself cannot be read; `.unsupportedVersion` for a trace written by a
    ///   newer axon (its numbers cannot be read at all).
    public static func build(directory: String, by grouping: Grouping) throws(TraceError) -> UsageScan {
        var rows: [String: UsageRow] = [:]
        var problems: [String] = []
        for name in try POSIXFile.list(directory).sorted() where name.hasSuffix(".jsonl") && !name.hasPrefix(".") {
            let path = directory + "/" + name
            let result: TraceReadResult
            do {
                result = try TraceReader.read(path: path, only: ["session.start", "model.call"], tolerant: true)
            } catch {
                guard case .io(_, _, let code) = error else { throw error }
                problems.append("\(path): \(POSIX.reason(code)); skipped")
                continue
            }
            problems += result.damaged.map { "\(path):\($0.line): malformed line (\($0.message)); skipped" }
            add(result.entries, by: grouping, to: &rows)
        }
        return UsageScan(rows: rows.values.sorted { $0.key < $1.key }, problems: problems)
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

/// The rows of a usage report over a directory of traces, and what could not be counted.
public struct UsageScan: Sendable, Equatable {
    public var rows: [UsageRow]
    /// One line per damaged trace line or unreadable file, naming it.
    public var problems: [String]
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
