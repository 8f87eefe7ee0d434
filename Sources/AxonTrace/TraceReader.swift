/// Reads a trace file. (Skeleton: the tolerant implementation replaces this file.)
public enum TraceReader {
    /// Reads every committed line. A torn last line (a crash mid-write) is reported in `tornTail` and skipped;
    /// any other malformed line throws `TraceError.malformed` with its line number.
    public static func read(path: String) throws(TraceError) -> TraceReadResult {
        TraceReadResult(entries: [], tornTail: nil)
    }
}

/// The committed entries of a trace and, if the file ends in a partial line, where.
public struct TraceReadResult: Sendable, Equatable {
    public var entries: [TraceEntry]
    public var tornTail: TornTail?
    public init(entries: [TraceEntry], tornTail: TornTail?) {
        self.entries = entries
        self.tornTail = tornTail
    }
}

/// A partial last line: its 1-based line number and its length in bytes.
public struct TornTail: Sendable, Equatable {
    public var line: Int
    public var bytes: Int
    public init(line: Int, bytes: Int) {
        self.line = line
        self.bytes = bytes
    }
}
