import AxonCore
import AxonRuntime
import HTTPTypes
import Synchronization

/// Runs requests into the served session: admission (the per-thread queue bound, the drain), the per-request
/// timeout, cancellation by key, and the drain at shutdown.
///
/// Each request runs in a task of its own, registered by key, so a disconnect, a timeout or the shutdown can
/// cancel it wherever it is: waiting for its thread (it then leaves nothing in the trace) or running (it ends
/// with `request.end` status `cancelled`).
final class RequestRunner: Sendable {
    enum Outcome: Sendable {
        case done(RequestResult, timedOut: Bool)
        case failed(RuntimeError)
    }

    private struct State {
        var tasks: [String: Task<Result<RequestResult, RuntimeError>, Never>] = [:]
        var draining = false
    }

    let session: Session
    let options: ServeOptions
    private let state = Mutex(State())

    init(session: Session, options: ServeOptions) {
        self.session = session
        self.options = options
    }

    var isDraining: Bool { state.withLock { $0.draining } }
    var inFlight: Int { state.withLock { $0.tasks.count } }

    /// Why a request on `thread` cannot be taken now; nil when it can.
    func refusal(thread: ThreadName) -> APIError? {
        if isDraining {
            return APIError(
                .serviceUnavailable, "shutting_down", "the server is shutting down; retry on another instance or later",
                retryAfterSeconds: 1)
        }
        let (running, waiting) = session.queue(on: thread)
        if running || waiting > 0, waiting >= options.queue {
            return APIError(
                .tooManyRequests, "thread_queue_full",
                "\(waiting) requests already wait for thread '\(thread)' (serve.queue is \(options.queue)); retry later "
                    + "or use another thread",
                retryAfterSeconds: 1)
        }
        return nil
    }

    /// A fresh request key (`rq_` and 12 hex digits): names the request in stream event ids and routes.
    static func newKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return "rq_" + Hex.encode((0..<6).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// Runs `prompt` on `thread` under `key`; cancelling the caller cancels the request.
    func run(
        key: String, prompt: String, thread: ThreadName, onEvent: @escaping @Sendable (RequestEvent) -> Void
    ) async -> Outcome {
        let session = session
        let task = Task { () -> Result<RequestResult, RuntimeError> in
            do throws(RuntimeError) {
                return .success(try await session.request(prompt, thread: thread, onEvent: onEvent))
            } catch {
                return .failure(error)
            }
        }
        state.withLock { $0.tasks[key] = task }
        let timedOut = Atomic(false)
        let timeout = options.requestTimeout
        let timer = Task {
            try await Task.sleep(for: timeout)
            timedOut.store(true, ordering: .relaxed)
            task.cancel()
        }
        let result = await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
        timer.cancel()
        state.withLock { _ = $0.tasks.removeValue(forKey: key) }
        switch result {
        case .success(let result): return .done(result, timedOut: timedOut.load(ordering: .relaxed))
        case .failure(let error): return .failed(error)
        }
    }

    /// Cancels the request `key`; false when none runs under it.
    @discardableResult
    func cancel(_ key: String) -> Bool {
        guard let task = state.withLock({ $0.tasks[key] }) else { return false }
        task.cancel()
        return true
    }

    /// From now on new requests are refused with 503 and readiness fails.
    func refuseNew() {
        state.withLock { $0.draining = true }
    }

    /// Refuses new requests, waits up to `grace` for those in flight, then cancels the rest and waits for them.
    /// - Returns: how many were cancelled.
    func drain(grace: Duration) async -> Int {
        refuseNew()
        let deadline = ContinuousClock.now + grace
        while inFlight > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let rest = state.withLock { Array($0.tasks.values) }
        for task in rest { task.cancel() }
        for task in rest { _ = await task.value }
        return rest.count
    }
}
