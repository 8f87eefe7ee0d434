public import AxonCore

/// The traces under `data/sessions/`: listing, lookup and the one way they are ever deleted.
/// (Skeleton: the implementation replaces this file.)
public struct SessionCatalog: Sendable {
    public let directory: String
    public init(directory: String) { self.directory = directory }

    /// Every session, oldest first.
    public func list() throws(TraceError) -> [SessionSummary] { [] }

    /// The trace path of the session whose id is `id` or starts with it (unique prefix); nil when none.
    public func path(for id: String) throws(TraceError) -> String? { nil }

    /// Sessions that started before `date` and are not live (a live session holds a lock on its trace).
    public func pruneCandidates(before date: Timestamp) throws(TraceError) -> [SessionSummary] { [] }

    /// Deletes the given sessions' traces; returns the ids deleted.
    public func delete(_ sessions: [SessionSummary]) throws(TraceError) -> [SessionID] { [] }
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
    public var requests: Int
    public var usage: Usage
    public var costUSD: Double
    public var isLive: Bool

    public init(id: SessionID, path: String, agent: AgentName? = nil, shape: SessionShape? = nil,
                started: Timestamp? = nil, ended: Timestamp? = nil, endReason: String? = nil, requests: Int = 0,
                usage: Usage = .zero, costUSD: Double = 0, isLive: Bool = false) {
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
    }
}
