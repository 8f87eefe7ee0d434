public import AxonCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A thread's index file, `data/threads/<thread>.jsonl`: append-only, one `ThreadIndexEntry` per line.
///
/// Only the holder of the thread's lease appends, so there is one writer at a time. Resuming reads the file
/// from its end, so its cost follows what is sent to the model, not the length of the history.
public struct ThreadIndex: Sendable {
    public let thread: ThreadName
    public let path: String

    /// The index of `thread` under `dataDirectory` (the repo's `data/`).
    public init(dataDirectory: String, thread: ThreadName) {
        self.thread = thread
        path = dataDirectory + "/threads/" + thread.rawValue + ".jsonl"
    }

    /// Appends `entries` and fsyncs: when this returns they survive a crash.
    public func append(_ entries: [ThreadIndexEntry]) throws(ThreadsError) {
        guard !entries.isEmpty else { return }
        try FileIO.makeDirectories(String(path[..<path.lastIndex(of: "/")!]))
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        try FileIO.writeAll(fd, Array(entries.map(\.line).joined().utf8), path: path)
        guard fsync(fd) == 0 else { throw .io(path: path, operation: "fsync", errno: errno) }
    }

    /// What a resumed conversation is built from.
    public struct Tail: Sendable, Equatable {
        /// The latest compaction, when one is within reach: the conversation starts from its summary.
        public var compaction: ThreadIndexEntry?
        /// Requests after it (or from the start), oldest first, newest within the budget.
        public var requests: [ThreadIndexEntry]
        /// True when older requests exist that did not fit `budget` (and no compaction covers them).
        public var truncated: Bool
        /// The number of the thread's latest request (0 for a new thread): the next request is `lastN + 1`.
        public var lastN: Int = 0
        public var tokens: Int { (compaction?.tokens ?? 0) + requests.reduce(0) { $0 + $1.tokens } }
    }

    /// Reads backwards from the end until the latest compaction, the start of the file, or `budget` tokens.
    /// A missing file is an empty thread; a torn last line (crash mid-append) is ignored.
    public func tail(budget: Int) throws(ThreadsError) -> Tail {
        var result = Tail(compaction: nil, requests: [], truncated: false)
        var used = 0
        var stop = false
        try FileIO.linesBackward(path) { (line, isLast) throws(ThreadsError) -> Bool in
            guard let entry = ThreadIndexEntry(line: line) else {
                if isLast { return true }
                throw .corruptIndex(path: path, line: String(line))
            }
            result.lastN = max(result.lastN, entry.n)
            switch entry.kind {
            case .compaction:
                result.compaction = entry
                stop = true
            case .request:
                if used + entry.tokens > budget {
                    result.truncated = true
                    stop = true
                } else {
                    used += entry.tokens
                    result.requests.append(entry)
                }
            }
            return !stop
        }
        result.requests.reverse()
        return result
    }

    /// Every entry, oldest first (for listings and `axon thread NAME`).
    public func all() throws(ThreadsError) -> [ThreadIndexEntry] {
        var entries: [ThreadIndexEntry] = []
        try FileIO.linesBackward(path) { (line, isLast) throws(ThreadsError) -> Bool in
            guard let entry = ThreadIndexEntry(line: line) else {
                if isLast { return true }
                throw .corruptIndex(path: path, line: String(line))
            }
            entries.append(entry)
            return true
        }
        return entries.reversed()
    }
}
