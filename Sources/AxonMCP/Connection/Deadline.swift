import Synchronization

/// Runs an operation with a time limit, returning at the limit — or when the caller is cancelled — whether or
/// not the operation has finished.
///
/// Structured alternatives (a task group racing a sleep) wait for every child, and an SDK request awaiting its
/// response is not cancellable: a wedged server would wedge the caller too, and a Ctrl-C would wait for the
/// server. Here the caller resumes at the deadline or at its cancellation, `onAbandon` runs (it disconnects
/// the client or cancels the request, which ends the operation), and the operation's late result is dropped.
enum Deadline {
    enum Outcome<T: Sendable>: Sendable {
        case value(T)
        case failed(any Error)
        case timedOut
        case cancelled
    }

    static func run<T: Sendable>(
        _ limit: Duration, _ operation: @escaping @Sendable () async throws -> T,
        onAbandon: @escaping @Sendable () async -> Void = {}
    ) async -> Outcome<T> {
        let once = Once<Outcome<T>>()
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Outcome<T>, Never>) in
                let work = Task {
                    do { once.resume(.value(try await operation())) } catch { once.resume(.failed(error)) }
                }
                let timer = Task {
                    try? await Task.sleep(for: limit)
                    if !Task.isCancelled { once.resume(.timedOut) }
                }
                once.set(continuation, onResume: { timer.cancel() })
                _ = work
            }
        } onCancel: {
            once.resume(.cancelled)
        }
        switch outcome {
        case .timedOut, .cancelled: await onAbandon()
        case .value, .failed: break
        }
        return outcome
    }
}

/// A continuation resumed exactly once, by whichever side comes first — also when that side came before the
/// continuation was set (a caller cancelled before it started waiting).
private final class Once<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, Never>?
        var early: T?
        var done = false
        var onResume: (@Sendable () -> Void)?
    }
    private let state = Mutex(State())

    func set(_ continuation: CheckedContinuation<T, Never>, onResume: @escaping @Sendable () -> Void) {
        let early = state.withLock { s -> T? in
            guard s.done else {
                s.continuation = continuation
                s.onResume = onResume
                return nil
            }
            return s.early
        }
        if let early {
            continuation.resume(returning: early)
            onResume()
        }
    }

    func resume(_ value: T) {
        let (continuation, action) = state.withLock { s -> (CheckedContinuation<T, Never>?, (@Sendable () -> Void)?) in
            guard !s.done else { return (nil, nil) }
            s.done = true
            guard let continuation = s.continuation else {
                s.early = value
                return (nil, nil)
            }
            s.continuation = nil
            return (continuation, s.onResume)
        }
        continuation?.resume(returning: value)
        action?()
    }
}
