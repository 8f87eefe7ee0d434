import Synchronization

/// The first signal a process received, shared between the task that watches signals and the one that ends
/// the session (which then writes reason `signal` and exits 128+n).
public final class FirstSignal: Sendable {
    private let storage = Mutex<Int32?>(nil)

    public init() {}

    /// Records `signal` unless one was recorded before.
    public func set(_ signal: Int32) { storage.withLock { $0 = $0 ?? signal } }

    /// The first signal recorded, if any.
    public var value: Int32? { storage.withLock { $0 } }
}
