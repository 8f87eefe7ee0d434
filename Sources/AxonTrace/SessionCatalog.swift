public import AxonCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The traces under `data/sessions/`: listing, lookup and the one way they are ever deleted.
///
/// The catalog only reads; it never repairs or rewrites a trace. A session is *live* while its writer holds
/// the exclusive `flock` on the trace (`TraceWriter`); the catalog probes with a non-blocking shared lock.
public struct SessionCatalog: Sendable {
    public let directory: String
    public init(directory: String) { self.directory = directory }

    /// Every session, oldest first (session ids sort by start time).
    ///
    /// One bad file never fails the listing: a trace that cannot be read, or is malformed, is listed with what
    /// is known and its `problem` set. A torn tail is a problem too (the session crashed mid-write).
    /// - Throws: `.io` only when the directory itself cannot be read; a missing directory lists nothing.
    public func list() throws(TraceError) -> [SessionSummary] {
        try traceIDs().map { summarize($0) }
    }

    /// The word that names the newest session wherever an id is expected (`axon trace last`).
    public static let latestAlias = "last"

    /// The trace path of the session whose id is `id` or starts with it (unique prefix), or of the newest
    /// session for `last`; nil when none.
    /// - Throws: `.ambiguous` (with the candidates, newest first) when the prefix matches more than one session.
    public func path(for id: String) throws(TraceError) -> String? {
        let ids = try traceIDs()
        if id == Self.latestAlias { return ids.last.map { tracePath($0.rawValue) } }
        if ids.contains(where: { $0.rawValue == id }) { return tracePath(id) }
        let matches = ids.filter { !id.isEmpty && $0.rawValue.hasPrefix(id) }
        if matches.count > 1 { throw .ambiguous(prefix: id, candidates: matches.reversed().map(\.rawValue)) }
        return matches.first.map { tracePath($0.rawValue) }
    }

    /// Like `path(for:)`, but a missing session is an error (`.notFound`) for callers that need one.
    public func resolve(_ id: String) throws(TraceError) -> String {
        guard let path = try path(for: id) else { throw .notFound(id: id, directory: directory) }
        return path
    }

    /// Sessions that started before `date` and are not live (a live session holds a lock on its trace).
    /// The start is `session.start`'s `ts`, else the time encoded in the id; sessions with neither are kept.
    public func pruneCandidates(before date: Timestamp) throws(TraceError) -> [SessionSummary] {
        try list().filter { s in
            guard let started = s.started ?? s.id.startTime else { return false }
            return started < date && !s.isLive
        }
    }

    /// Deletes the given sessions' traces; returns the ids deleted.
    ///
    /// Each file is unlinked while holding its exclusive lock, so a session that went live after it was listed
    /// is skipped, not deleted. Already-missing files are skipped too.
    /// - Throws: `.io` on the first file that cannot be removed (earlier ones stay deleted).
    public func delete(_ sessions: [SessionSummary]) throws(TraceError) -> [SessionID] {
        var deleted: [SessionID] = []
        for s in sessions {
            do throws(TraceError) {
                if try POSIXFile.unlinkIfUnlocked(s.path) { deleted.append(s.id) }
            } catch {
                if case .io(_, "open", let e) = error, e == ENOENT { continue }
                throw error
            }
        }
        return deleted
    }

    private func tracePath(_ id: String) -> String { directory + "/" + id + ".jsonl" }

    private func traceIDs() throws(TraceError) -> [SessionID] {
        try POSIXFile.list(directory)
            .filter { $0.hasSuffix(".jsonl") && !$0.hasPrefix(".") }
            .map { SessionID(rawValue: String($0.dropLast(6))) }
            .sorted()
    }

    /// The types a summary needs; the others are skipped unparsed, which keeps listing large traces fast.
    private static let summaryTypes: Set<String> = ["session.start", "session.end", "request.start", "model.call"]

    private func summarize(_ id: SessionID) -> SessionSummary {
        let path = tracePath(id.rawValue)
        var s = SessionSummary(id: id, path: path, isLive: POSIXFile.isLocked(path))
        let result: TraceReadResult
        do {
            result = try TraceReader.read(path: path, only: Self.summaryTypes, tolerant: true)
        } catch {
            s.isDamaged = true
            if case .io(_, _, let code) = error {
                s.problem = "\(path): \(POSIX.reason(code)); skipped"
            } else {
                s.problem = error.description
            }
            return s
        }
        if !result.damaged.isEmpty {
            s.isDamaged = true
            s.problem = result.damaged.map { "\(path):\($0.line): malformed line (\($0.message)); skipped" }
                .joined(separator: "\n")
        }
        for entry in result.entries {
            switch entry.event {
            case .sessionStart(let agent, let shape, _, _, _, _):
                s.agent = agent
                s.shape = shape
                s.started = entry.ts
            case .sessionEnd(let reason, _, _, _):
                s.ended = entry.ts
                s.endReason = reason
            case .requestStart:
                s.requests += 1
            case .modelCall(_, _, _, let billing):
                s.usage += billing.usage
                s.costUSD += billing.costUSD
            default:
                break
            }
        }
        // A live writer may be mid-write while we read: its partial last line is not a problem.
        if let torn = result.tornTail, !s.isLive, s.problem == nil {
            s.problem = "\(path):\(torn.line): torn last line (\(torn.bytes) bytes): the session stopped mid-write"
        }
        return s
    }
}

/// One session as `axon sessions` shows it.
public struct SessionSummary: Sendable, Equatable {
    public var id: SessionID
    public var path: String
    public var agent: AgentName?
    public var shape: SessionShape?
    public var started: Timestamp?
    public var ended: Timestamp?
    /// `session.end.reason`; nil while live or after a crash.
    public var endReason: String?
    /// Number of `request.start` lines.
    public var requests: Int
    /// Sum of `model.call` billing (each API call once).
    public var usage: Usage
    public var costUSD: Double
    /// A writer holds the trace's lock.
    public var isLive: Bool
    /// Why the trace could not be fully read (torn tail, malformed lines, I/O), one `path:line: …` line per
    /// problem; nil when it read cleanly.
    public var problem: String?
    /// Malformed lines were skipped or the file could not be read: the summary shows only what could be read.
    /// (A torn tail is a crash, not damage.)
    public var isDamaged = false

    public init(
        id: SessionID, path: String, agent: AgentName? = nil, shape: SessionShape? = nil,
        started: Timestamp? = nil, ended: Timestamp? = nil, endReason: String? = nil, requests: Int = 0,
        usage: Usage = .zero, costUSD: Double = 0, isLive: Bool = false, problem: String? = nil
    ) {
        self.id = id
        self.path = path
        self.agent = agent
        self.shape = shape
        self.started = started
        self.ended = ended
        self.endReason = endReason
        self.requests = requests
        self.usage = usage
        self.costUSD = costUSD
        self.isLive = isLive
        self.problem = problem
    }
}
