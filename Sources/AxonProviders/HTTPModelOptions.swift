public import AxonModels

/// Timeouts and retries of HTTP model calls. Defaults are the product's (docs/models.md).
///
/// - `connectTimeout` (10 s): TCP + TLS setup of a new connection.
/// - `idleTimeout` (120 s): the longest silence allowed from sending the request to the response headers, and
///   between two body chunks. AsyncHTTPClient's own deadline stops applying once headers arrive, so a stream
///   that hangs mid-answer is caught by this timer, which cancels the request.
/// - `overallTimeout` (10 min): the cap on one attempt, however lively the stream.
/// - `retry`: `RetryPolicy` (4 attempts, 0.5 s base backoff with jitter, 30 s cap, `retry-after` ≤ 120 s).
public struct HTTPModelOptions: Sendable, Equatable {
    public var retry: RetryPolicy
    public var connectTimeout: Duration
    public var idleTimeout: Duration
    public var overallTimeout: Duration

    public init(
        retry: RetryPolicy = RetryPolicy(), connectTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(120), overallTimeout: Duration = .seconds(600)
    ) {
        self.retry = retry
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
        self.overallTimeout = overallTimeout
    }
}
