public import AxonControl
public import AxonRuntime
import Synchronization

/// A fleet agent's `CapabilitySource`: the generations its supervisor broadcasts on the agent's channel
/// (fd 3), instead of an inotify watcher of its own — one watcher per fleet, not one per agent.
///
/// Latest-wins like the sender: what arrives while the session is still applying the previous update is
/// merged into one. `ack` tells the supervisor a generation is applied. When the supervisor's end closes (it
/// died), `onClose` runs once; the agent then ends its session.
public final class ChannelSource: CapabilitySource {
    /// Shared with the reader thread's callbacks.
    private final class State: Sendable {
        let pending = Mutex(LatestWins())
        /// Set by `stop`: the close is ours, not the supervisor's.
        let stopped = Mutex(false)
    }

    private let peer: ChannelPeer
    private let state = State()
    private let ticks: AsyncStream<Void>
    private let tick: AsyncStream<Void>.Continuation

    /// Takes the channel `fd` over.
    public init(fd: Int32, onClose: @escaping @Sendable () -> Void) {
        let (ticks, tick) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.ticks = ticks
        self.tick = tick
        let state = state
        peer = ChannelPeer(
            fd: fd,
            onMessage: { message in
                // The supervisor sends capabilities only; anything else (a newer peer's type) is dropped.
                guard case .capabilities = message else { return }
                state.pending.withLock { $0.add(message) }
                tick.yield()
            },
            onClose: {
                tick.finish()
                if !state.stopped.withLock({ $0 }) { onClose() }
            })
    }

    /// The one stream of updates (a session has one follower).
    public func updates() -> AsyncStream<CapabilityUpdate> {
        let ticks = ticks
        let state = state
        return AsyncStream { continuation in
            let task = Task {
                for await _ in ticks {
                    guard
                        case .capabilities(let generation, let scope, let paths)? = state.pending.withLock({
                            $0.take()
                        }).first
                    else { continue }
                    continuation.yield(
                        CapabilityUpdate(
                            generation: generation, scope: CapabilityScope(names: scope), paths: paths.map(Set.init)))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Tells the supervisor the session has applied `generation`.
    public func ack(_ generation: Int) {
        peer.send(.ack(generation: generation))
    }

    /// Tells the supervisor what the session is doing (latest wins: a slow supervisor reads the newest).
    public func report(_ activity: AgentActivity) {
        peer.send(.activity(activity))
    }

    /// Closes the channel (at the session's end): the supervisor sees the agent gone.
    public func stop() async {
        state.stopped.withLock { $0 = true }
        peer.close()
    }
}
