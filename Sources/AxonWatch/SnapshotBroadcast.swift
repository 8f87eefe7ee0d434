import Synchronization

/// The latest snapshot, handed to any number of independent consumers, latest-wins.
///
/// Not a queue: a consumer that falls behind skips the generations it missed and gets the newest one, so a
/// slow or hung consumer costs one stored value, never an unbounded backlog. Waiting consumers park a
/// continuation that `publish` resumes; cancellation resumes it with nil.
final class SnapshotBroadcast: Sendable {
    private struct State: ~Copyable {
        var latest: WatchSnapshot?
        var waiters: [Int: CheckedContinuation<WatchSnapshot?, Never>] = [:]
        var nextID = 0
        var finished = false
    }

    private let state = Mutex(State())

    var latest: WatchSnapshot? { state.withLock { $0.latest } }

    /// Stores `snapshot` and wakes every waiting consumer with it.
    func publish(_ snapshot: WatchSnapshot) {
        let waiters = state.withLock { s in
            s.latest = snapshot
            let w = s.waiters
            s.waiters = [:]
            return w
        }
        for continuation in waiters.values { continuation.resume(returning: snapshot) }
    }

    /// Ends every sequence (after the latest value each has not seen yet).
    func finish() {
        let waiters = state.withLock { s in
            s.finished = true
            let w = s.waiters
            s.waiters = [:]
            return w
        }
        for continuation in waiters.values { continuation.resume(returning: nil) }
    }

    /// The latest snapshot newer than `generation`, waiting for one if needed; nil once finished or cancelled.
    func next(after generation: UInt64) async -> WatchSnapshot? {
        let id = state.withLock { s -> Int in
            s.nextID += 1
            return s.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<WatchSnapshot?, Never>) in
                let immediate: WatchSnapshot?? = state.withLock { s in
                    if let latest = s.latest, latest.generation > generation { return .some(latest) }
                    if s.finished || Task.isCancelled { return .some(nil) }
                    s.waiters[id] = continuation
                    return .none
                }
                if let value = immediate { continuation.resume(returning: value) }
            }
        } onCancel: {
            let continuation = state.withLock { $0.waiters.removeValue(forKey: id) }
            continuation?.resume(returning: nil)
        }
    }
}

/// Snapshots as they are published, latest-wins (see ``Watcher/snapshots()``).
///
/// The first element is the current snapshot (a late consumer starts from the current state), then each
/// newer one; generations seen by one iterator strictly increase. Each iterator is independent.
public struct SnapshotSequence: AsyncSequence, Sendable {
    public typealias Element = WatchSnapshot
    public typealias Failure = Never

    let broadcast: SnapshotBroadcast
    let after: UInt64

    /// One consumer's position: the last generation it received.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let broadcast: SnapshotBroadcast
        var seen: UInt64

        /// The newest snapshot after the last one returned, waiting if there is none; nil after `stop()` or
        /// when the task is cancelled.
        public mutating func next() async -> WatchSnapshot? {
            guard let snapshot = await broadcast.next(after: seen) else { return nil }
            seen = snapshot.generation
            return snapshot
        }
    }

    /// A new, independent consumer that starts at the current snapshot.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(broadcast: broadcast, seen: after)
    }
}
