import AsyncHTTPClient
import AxonCore
import AxonModels
import NIOCore
import NIOHTTP1
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Sends one model call over HTTP and streams its events, with retries, timeouts and cancellation.
///
/// Contract (shared by every HTTP provider):
/// - an attempt that fails before the call's first output event (`.textDelta`/`.toolCall`) is retried per
///   `options.retry` when retryable (429, 5xx, 529, connection errors, idle timeouts), after a
///   `.attemptFailed` event; once output has been delivered nothing is retried (no duplicated text, no
///   double billing) and the call fails with `ModelError.interrupted`;
/// - silence longer than `options.idleTimeout` (before the headers or between chunks) cancels the request;
/// - cancelling the consuming task (or dropping the stream) cancels the HTTP request;
/// - the backoff sleeps on `clock` (tests pass a clock that does not wait); timeouts use real time.
struct HTTPStreamer<C: Clock<Duration>>: Sendable {
    let options: HTTPModelOptions
    let clock: C
    /// Random in 0…1 for backoff jitter.
    let jitter: @Sendable () -> Double

    func stream<D: StreamDecoding>(_ call: HTTPCall, decoder: D.Type) -> AsyncThrowingStream<ModelEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<ModelEvent, any Error>.makeStream()
        let task = Task {
            do {
                try await run(call, D.self, continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func run<D: StreamDecoding>(
        _ call: HTTPCall, _: D.Type, _ continuation: AsyncThrowingStream<ModelEvent, any Error>.Continuation
    ) async throws {
        let client = HTTPClients.client(connectTimeout: options.connectTimeout)
        var attempt = 0
        while true {
            attempt += 1
            let state = AttemptState()
            do {
                try await attemptOnce(call, D.self, client: client, state: state, continuation)
                return
            } catch let failure as AttemptFailure {
                if Task.isCancelled { throw CancellationError() }
                let error = failure.modelError(for: call, attempts: attempt)
                if state.hasOutput {
                    throw ModelError.interrupted(endpoint: call.endpoint, message: scrub(error.description, call))
                }
                guard failure.isRetryable,
                    let wait = options.retry.delay(
                        afterAttempt: attempt, retryAfter: failure.retryAfter, jitter: jitter())
                else { throw scrub(error, call) }
                let message =
                    "\(scrub(failure.modelError(for: call, attempts: 1).description, call)); retrying in "
                    + "\(wait.shortDescription) (attempt \(attempt + 1) of \(options.retry.maxAttempts))"
                continuation.yield(.attemptFailed(code: failure.code, message: message, retryIn: wait))
                try await clock.sleep(for: wait)
            }
        }
    }

    /// One HTTP exchange, raced against the idle/overall watchdog; every failure is an `AttemptFailure`.
    private func attemptOnce<D: StreamDecoding>(
        _ call: HTTPCall, _: D.Type, client: HTTPClient, state: AttemptState,
        _ continuation: AsyncThrowingStream<ModelEvent, any Error>.Continuation
    ) async throws {
        let started = ContinuousClock.now
        state.touch()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await watch(state: state, started: started) }
            group.addTask {
                do {
                    try await exchange(call, D.self, client: client, state: state, continuation)
                } catch let failure as AttemptFailure {
                    throw failure
                } catch let error as ModelError {
                    throw AttemptFailure(kind: .stream(error, retryable: Self.isTransient(error)))
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    if Task.isCancelled { throw CancellationError() }
                    throw AttemptFailure(kind: .connection(Self.describe(error)))
                }
            }
            defer { group.cancelAll() }
            _ = try await group.next()
        }
    }

    private func exchange<D: StreamDecoding>(
        _ call: HTTPCall, _: D.Type, client: HTTPClient, state: AttemptState,
        _ continuation: AsyncThrowingStream<ModelEvent, any Error>.Continuation
    ) async throws {
        var request = HTTPClientRequest(url: call.url)
        request.method = .POST
        for (name, value) in call.headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: call.body))
        let response = try await client.execute(
            request, deadline: .now() + .nanoseconds(options.overallTimeout.nanoseconds))
        state.touch()
        guard (200..<300).contains(response.status.code) else {
            let body = (try? await response.body.collect(upTo: 64 * 1024)).map { String(buffer: $0) } ?? ""
            let (message, code) = AttemptFailure.explain(body: body)
            let retryAfter = RetryPolicy.retryAfter(
                milliseconds: response.headers.first(name: "retry-after-ms"),
                value: response.headers.first(name: "retry-after"), now: Date().timeIntervalSince1970)
            throw AttemptFailure(
                kind: .http(status: Int(response.status.code), message: scrub(message, call), errorCode: code),
                retryAfter: retryAfter)
        }
        func deliver(_ events: [ModelEvent]) {
            for event in events {
                switch event {
                case .textDelta, .toolCall: state.markOutput()
                default: break
                }
                continuation.yield(event)
            }
        }
        let contentType = response.headers.first(name: "content-type")?.lowercased() ?? ""
        if contentType.hasPrefix("application/json") {
            let body = try await response.body.collect(upTo: 32 * 1024 * 1024)
            let json: JSONValue
            do {
                json = try JSONValue(parsing: String(buffer: body))
            } catch {
                throw ModelError.badResponse(provider: call.provider, message: "the response is not JSON")
            }
            deliver(try D.decodeWhole(json))
            return
        }
        var parser = SSEParser()
        var decoder = D()
        for try await buffer in response.body {
            state.touch()
            for event in parser.feed(buffer.readableBytesView) {
                deliver(try decoder.decode(event))
            }
        }
        do {
            deliver(try decoder.endOfBody())
        } catch {
            // A stream cut short is a transport failure: retryable while nothing has been shown.
            throw AttemptFailure(kind: .stream(error, retryable: true))
        }
    }

    /// Throws when the attempt has been silent for the idle timeout or has run past the overall cap; never
    /// returns normally (it is cancelled when the exchange ends).
    private func watch(state: AttemptState, started: ContinuousClock.Instant) async throws {
        let cap = started + options.overallTimeout
        while true {
            let due = min(state.lastActivity + options.idleTimeout, cap)
            try await Task.sleep(until: due, clock: .continuous)
            let now = ContinuousClock.now
            if now >= cap { throw AttemptFailure(kind: .overall(options.overallTimeout)) }
            if state.lastActivity.duration(to: now) >= options.idleTimeout {
                throw AttemptFailure(kind: .idle(options.idleTimeout))
            }
        }
    }

    /// In-stream errors worth another attempt: the provider's own overload and transient server errors.
    static func isTransient(_ error: ModelError) -> Bool {
        guard case .provider(_, let type, _) = error else { return false }
        return ["overloaded_error", "api_error", "rate_limit_error", "server_error"].contains(type)
    }

    /// A transport error in one line (AsyncHTTPClient and NIO errors describe themselves tersely).
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectTimeout") { return "connect timeout" }
        if text.contains("Connection refused") { return "connection refused" }
        if text.contains("connection reset") || text.contains("remoteConnectionClosed") {
            return "the connection was closed by the server"
        }
        return text
    }

    private func scrub(_ text: String, _ call: HTTPCall) -> String {
        guard let secret = call.secret, secret.count >= 4 else { return text }
        return text.replacing(secret, with: "[redacted]")
    }

    private func scrub(_ error: ModelError, _ call: HTTPCall) -> ModelError {
        guard let secret = call.secret, secret.count >= 4, error.description.contains(secret) else { return error }
        return .provider(provider: call.provider, type: "error", message: scrub(error.description, call))
    }
}

/// What the watchdog and the exchange share during one attempt.
final class AttemptState: Sendable {
    private let state = Mutex((lastActivity: ContinuousClock.now, hasOutput: false))

    var lastActivity: ContinuousClock.Instant { state.withLock { $0.lastActivity } }
    var hasOutput: Bool { state.withLock { $0.hasOutput } }
    func touch() { state.withLock { $0.lastActivity = ContinuousClock.now } }
    func markOutput() { state.withLock { $0.hasOutput = true } }
}
