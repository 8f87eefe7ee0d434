import AxonCore
import AxonRuntime
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

extension AgentProcess {
    /// How an agent follows the repo: its supervisor's broadcast on the channel when it has one (fd 3,
    /// `AXON_CHANNEL_FD`), else a watcher of its own.
    struct Follow {
        var hotLoad: HotLoad
        var channel: ChannelSource?
        /// The process's signals, and SIGTERM when the channel closes: a supervisor that is gone stops the
        /// agent as its parent-death signal does (whichever comes first).
        var signals: AsyncStream<Int32>
    }

    static func follow(_ context: Context) -> Follow {
        guard let fd = context.channel else { return Follow(hotLoad: .watch, channel: nil, signals: context.signals) }
        guard fcntl(fd, F_GETFD) >= 0 else {
            context.note("axon: \(context.instance): no channel on fd \(fd); watching the repo on its own")
            return Follow(hotLoad: .watch, channel: nil, signals: context.signals)
        }
        // The agent's own children never get it (the spawner closes every descriptor above 2 anyway).
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let (signals, forward) = AsyncStream.makeStream(of: Int32.self)
        Task {
            for await signal in context.signals { forward.yield(signal) }
        }
        let source = ChannelSource(fd: fd) {
            context.note("axon: \(context.instance): the supervisor's channel closed; ending the session")
            forward.yield(SIGTERM)
        }
        return Follow(hotLoad: .source(source, generation: context.generation), channel: source, signals: signals)
    }

    /// Reports `session` on the channel: an ack for each generation it applies, starting with the one it booted
    /// with, and its activity — first now (the agent serves: its state leaves `starting`), then at every trace
    /// entry of a request (`ActivityTally`).
    static func reporting(_ session: Session, on channel: ChannelSource?) async {
        guard let channel else { return }
        await session.onApplied { channel.ack($0) }
        // A generation applied before the handler was set is covered by this one.
        channel.ack(await session.generation)
        let tally = Mutex(ActivityTally(session: session.id.rawValue))
        await session.onRecord { entry in
            if let activity = tally.withLock({ $0.add(entry) }) { channel.report(activity) }
        }
        channel.report(tally.withLock { $0.activity })
    }
}
