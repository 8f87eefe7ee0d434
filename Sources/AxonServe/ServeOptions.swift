public import AxonConfig

/// How `axon serve` listens and what it allows: the address, the concurrency and queue bounds, the limits on
/// one request, and the tokens (docs/serve.md).
public struct ServeOptions: Sendable {
    public var host: String
    /// 0 picks a free port (said once it listens).
    public var port: Int
    /// The most requests that run at once, each on its own thread.
    public var concurrency: Int
    /// How many requests may wait for one busy thread before more are refused with 429.
    public var queue: Int
    /// Request bodies larger than this are refused with 413.
    public var maxBodyBytes: Int
    /// A request still running after this is cancelled (its trace says so) and answered with 504.
    public var requestTimeout: Duration
    /// On SIGTERM, how long requests in flight may take to finish before they are cancelled.
    public var shutdownGrace: Duration
    /// How long a streamed request whose client went away keeps running, waiting for a reconnect with
    /// `Last-Event-ID`, before it is cancelled.
    public var reconnectWindow: Duration
    public var tokens: TokenSet

    public init(
        host: String = "127.0.0.1", port: Int = 8080, concurrency: Int = 16, queue: Int = 16,
        maxBodyBytes: Int = 4 << 20, requestTimeout: Duration = .seconds(600), shutdownGrace: Duration = .seconds(30),
        reconnectWindow: Duration = .seconds(30), tokens: TokenSet = TokenSet()
    ) {
        self.host = host
        self.port = port
        self.concurrency = concurrency
        self.queue = queue
        self.maxBodyBytes = maxBodyBytes
        self.requestTimeout = requestTimeout
        self.shutdownGrace = shutdownGrace
        self.reconnectWindow = reconnectWindow
        self.tokens = tokens
    }

    /// The agent's `serve:` block of fleet.yaml as defaults (the command line overrides each).
    public init(serve: ServeSpec?) {
        let spec = serve ?? ServeSpec()
        self.init(port: spec.port, concurrency: spec.concurrency, queue: spec.queue)
    }

    /// Whether `host` reaches only this machine: without a token, serve binds nothing else.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// Refuses an address other machines can reach when no token guards it.
    public func checkExposure() throws(ServeError) {
        if !Self.isLoopback(host), tokens.isEmpty { throw .exposedWithoutToken(host: host) }
    }
}
