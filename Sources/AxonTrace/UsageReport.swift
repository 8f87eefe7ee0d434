public import AxonCore

/// Token and USD totals from `model.call` entries (each API call counted once). (Skeleton.)
public enum UsageReport {
    public enum Grouping: String, Sendable, CaseIterable { case agent, thread, model, day }

    /// Totals of every trace under `directory`, grouped; rows sorted by key.
    public static func build(directory: String, by grouping: Grouping) throws(TraceError) -> [UsageRow] { [] }
}

public struct UsageRow: Sendable, Equatable {
    public var key: String
    public var calls: Int
    public var usage: Usage
    public var costUSD: Double
    public init(key: String, calls: Int, usage: Usage, costUSD: Double) {
        self.key = key
        self.calls = calls
        self.usage = usage
        self.costUSD = costUSD
    }
}
