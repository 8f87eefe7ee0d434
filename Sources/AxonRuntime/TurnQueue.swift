import Synchronization

/// One turn at a time, handed out in arrival order: what makes a session's requests run one after another.
///
/// An actor alone does not: it is reentrant at every `await`, so two requests would interleave their trace
/// lines. A caller `acquire`s the turn before its first line and `release`s it after its last. Waiters are
/// parked continuations (no thread is blocked, nothing spins); `release` hands the turn straight to the
/// oldest waiter, so a newcomer can never overtake the queue.
///
/// Cancelling a waiting task resumes it at once with `CancellationError` and takes it out of the queue: it
/// never gets the turn. A task that already holds the turn is not affected (its own work checks
/// cancellation).
final class TurnQueue: Sendable {
    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State: ~Copyable {
        var busy = false
        var waiters: [Waiter] = []
        var nextID = 0
    }

    private let state = Mutex(State())

    init() {}

    /// Waits until it is the caller's turn.
    ///
    /// Runs on the caller's actor until it is queued, so calls made in order from one actor queue in that
    /// order. A free turn is taken even by a cancelled task (it then behaves as a running request would).
    /// - Throws: `CancellationError` if the task is cancelled while it waits; it then does not hold the turn.
    func acquire(isolation: isolated (any Actor)? = #isolation) async throws {
        let id = state.withLock { s in
            s.nextID += 1
            return s.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = state.withLock { s in
                    if !s.busy {
                        s.busy = true
                        return .success(())
                    }
                    // The handler below may have run before this waiter was queued: it would not find it.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    s.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = state.withLock { s -> Waiter? in
                guard let index = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return s.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Ends the caller's turn: the oldest waiter gets it, or the turn becomes free.
    func release() {
        let next = state.withLock { s -> Waiter? in
            guard !s.waiters.isEmpty else {
                s.busy = false
                return nil
            }
            return s.waiters.removeFirst()
        }
        next?.continuation.resume()
    }

    /// Whether someone holds the turn.
    var isBusy: Bool { state.withLock { $0.busy } }

    /// How many callers wait for the turn (not counting its holder).
    var waiting: Int { state.withLock { $0.waiters.count } }
}
