import Synchronization

/// Who runs now among a session's requests: one request per thread at a time, at most `limit` at once, each
/// thread's requests in arrival order, and the whole session for `end` and an idle reload.
///
/// An actor alone does not do this: it is reentrant at every `await`, so two requests on one thread would
/// interleave their history. A caller `acquire`s a claim before its first trace line and `release`s it after
/// its last. Waiters are parked continuations (no thread is blocked, nothing spins). A release hands the freed
/// room to the oldest waiters that fit: a request for a busy thread does not hold up one for another thread,
/// but never overtakes an earlier request for its own thread, and nothing overtakes a waiting `.whole` claim
/// (so `end` is not starved by a stream of requests). With `limit` 1 this is one FIFO queue.
///
/// Cancelling a waiting task resumes it at once with `CancellationError` and takes it out of the queue: it
/// never gets the claim. A task that already holds one is not affected (its own work checks cancellation).
final class RequestGate: Sendable {
    /// What a caller holds: one thread (keyed by name) or the whole session.
    enum Claim: Hashable, Sendable {
        case thread(String)
        case whole
    }

    private struct Waiter {
        let id: Int
        let claim: Claim
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State: ~Copyable {
        var threads: Set<String> = []
        var whole = false
        var waiters: [Waiter] = []
        var nextID = 0

        func fits(_ claim: Claim, limit: Int) -> Bool {
            if whole { return false }
            switch claim {
            case .whole: return threads.isEmpty
            case .thread(let key): return threads.count < limit && !threads.contains(key)
            }
        }

        mutating func take(_ claim: Claim) {
            switch claim {
            case .whole: whole = true
            case .thread(let key): threads.insert(key)
            }
        }

        /// Takes the claims of the oldest waiters that fit now; returns them to be resumed outside the lock.
        mutating func admit(limit: Int) -> [Waiter] {
            var admitted: [Waiter] = []
            var kept: [Waiter] = []
            var blockedThreads: Set<String> = []
            var wholeAhead = false
            for waiter in waiters {
                var admissible = !wholeAhead && fits(waiter.claim, limit: limit)
                if case .thread(let key) = waiter.claim, blockedThreads.contains(key) { admissible = false }
                if admissible {
                    take(waiter.claim)
                    admitted.append(waiter)
                    continue
                }
                kept.append(waiter)
                switch waiter.claim {
                case .whole: wholeAhead = true
                case .thread(let key): blockedThreads.insert(key)
                }
            }
            waiters = kept
            return admitted
        }
    }

    /// The most requests (on distinct threads) that run at once.
    let limit: Int
    private let state = Mutex(State())

    init(limit: Int = 1) {
        self.limit = max(1, limit)
    }

    /// Waits until the caller holds `claim`.
    ///
    /// Runs on the caller's actor until it is queued, so calls made in order from one actor queue in that
    /// order. A free claim is taken even by a cancelled task (it then behaves as a running request would).
    /// - Throws: `CancellationError` if the task is cancelled while it waits; it then holds nothing.
    func acquire(_ claim: Claim, isolation: isolated (any Actor)? = #isolation) async throws {
        let id = state.withLock { s in
            s.nextID += 1
            return s.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (admitted, refused) = state.withLock { s -> ([Waiter], Bool) in
                    // Queued, then admitted by the same rule as at a release: free room goes to a newcomer unless
                    // a waiter before it holds it up (an earlier request for its thread, or a `.whole`).
                    s.waiters.append(Waiter(id: id, claim: claim, continuation: continuation))
                    let admitted = s.admit(limit: limit)
                    // The handler below may have run before this waiter was queued: it would not find it.
                    if Task.isCancelled, let index = s.waiters.firstIndex(where: { $0.id == id }) {
                        s.waiters.remove(at: index)
                        return (admitted, true)
                    }
                    return (admitted, false)
                }
                if refused { continuation.resume(throwing: CancellationError()) }
                for next in admitted { next.continuation.resume() }
            }
        } onCancel: {
            let (waiter, admitted) = state.withLock { s -> (Waiter?, [Waiter]) in
                guard let index = s.waiters.firstIndex(where: { $0.id == id }) else { return (nil, []) }
                let waiter = s.waiters.remove(at: index)
                // A waiter that held others up (a `.whole`, or the head of its thread) may free room as it leaves.
                return (waiter, s.admit(limit: limit))
            }
            waiter?.continuation.resume(throwing: CancellationError())
            for next in admitted { next.continuation.resume() }
        }
    }

    /// Gives `claim` back: the oldest waiters that now fit get theirs.
    func release(_ claim: Claim) {
        let admitted = state.withLock { s -> [Waiter] in
            switch claim {
            case .whole: s.whole = false
            case .thread(let key): s.threads.remove(key)
            }
            return s.admit(limit: limit)
        }
        for next in admitted { next.continuation.resume() }
    }

    /// Whether any claim is held.
    var isBusy: Bool { state.withLock { $0.whole || !$0.threads.isEmpty } }

    /// How many requests run now.
    var running: Int { state.withLock { $0.threads.count } }

    /// How many callers wait (not counting the holders).
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// Whether a request runs on `thread`.
    func isHeld(_ thread: String) -> Bool { state.withLock { $0.threads.contains(thread) } }

    /// How many callers wait for `thread`.
    func waiting(for thread: String) -> Int {
        state.withLock { s in s.waiters.count { $0.claim == .thread(thread) } }
    }
}
