/// What a fleet agent's session is doing, as the agent reports it on its channel (docs/fleet.md, "Control
/// channel"): sent once the agent serves, then at every trace entry of a request (its progress) and at each
/// request's end. The supervisor derives an instance's state (idle, working, looping, stalled), its session and
/// its spend from these, never from the agent's output.
public struct AgentActivity: Sendable, Equatable {
    /// The session's id.
    public var session: String
    /// The request that runs (`r3`), nil between requests.
    public var request: String?
    /// How the session's last request ended (`ok`, `error`, `cancelled`, `looping`, `capped`); nil before the
    /// first ended.
    public var lastStatus: String?
    /// The session's tokens and USD so far: every model call's, counted as its `model.call` entry is written.
    public var tokens: Int
    public var costUSD: Double

    public init(
        session: String, request: String? = nil, lastStatus: String? = nil, tokens: Int = 0, costUSD: Double = 0
    ) {
        self.session = session
        self.request = request
        self.lastStatus = lastStatus
        self.tokens = tokens
        self.costUSD = costUSD
    }
}
