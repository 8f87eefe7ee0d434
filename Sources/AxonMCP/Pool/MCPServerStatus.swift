/// Where one server of a pool stands. A server that is down is a state the session reports, never an error it
/// throws: the next use retries it (after the backoff).
public enum MCPServerStatus: Sendable, Equatable, CustomStringConvertible {
    /// Not started yet (servers start lazily), or stopped by `shutdown()`.
    case stopped
    /// Spawned; the `initialize` handshake or the first `tools/list` is in flight.
    case starting
    /// Handshake done; the process group is `pid`.
    case running(pid: Int32)
    /// Failed to start, or died: why, in one line (the stderr tail is in `MCPServerReport.stderrTail`).
    case down(reason: String)

    public var description: String {
        switch self {
        case .stopped: "stopped"
        case .starting: "starting"
        case .running(let pid): "running (pid \(pid))"
        case .down(let reason): "down: \(reason)"
        }
    }

    public var isRunning: Bool {
        if case .running = self { return true }
        return false
    }

    public var isDown: Bool {
        if case .down = self { return true }
        return false
    }
}

/// One server's status as `axon tools` and the session's status events show it.
public struct MCPServerReport: Sendable, Equatable {
    public var name: String
    public var status: MCPServerStatus
    /// The last lines the server wrote to stderr (at most ~2 KiB), kept across a crash for the report.
    public var stderrTail: String
    /// Failed starts or deaths in a row (reset by a start that stays up).
    public var failures: Int
    /// How long until the next start may be tried; nil when one may be tried now.
    public var retryIn: Duration?
    /// How many tools the pool offers for it (from the cache when it has not started).
    public var toolCount: Int
    /// True when `toolCount` comes from the cache, not from the running server.
    public var toolsFromCache: Bool
}
