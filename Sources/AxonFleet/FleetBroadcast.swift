#if os(Linux)
    public import AxonProcess
    public import AxonControl
    import AxonRuntime
    public import AxonWatch
    import Glibc
    import Synchronization

    /// The fleet's one watcher of the hot-load paths, broadcast to every running agent on its channel, and the
    /// acks the agents send back (docs/fleet.md, "Control channel").
    ///
    /// Each spawn gets a channel (`open`): a socketpair whose other end is the agent's fd 3, and the generation
    /// current at that moment in its environment, both under the lock the broadcast takes — so an agent boots
    /// at generation N and is sent every generation after N, with no gap. Each new generation goes to every
    /// open channel, latest-wins per agent (`ChannelPeer`); once every agent it was sent to acked it (or
    /// ended), the round is reported as a `FleetEvent.hotLoad`. What the agents report of their sessions
    /// (`AgentActivity`) comes out of `activities`, in the order it arrived.
    public final class FleetBroadcast: Sendable {
        /// One agent's activity, from the channel `token` names (its spawn's: see `ChildEnd.token`).
        public struct Reported: Sendable {
            public var id: String
            public var token: Int
            public var activity: AgentActivity
        }

        struct Agent {
            var peer: ChannelPeer
            /// Tells this channel from a later one of the same instance (a restart).
            var token: Int
            var acked: Int?
        }

        /// One generation on its way to the agents.
        struct Round {
            var generation: Int
            var scope: CapabilityScope
            var sent: ContinuousClock.Instant
            var waiting: Set<String>
            var recipients: Int
            var acked = 0
        }

        struct State {
            var generation: Int
            var agents: [String: Agent] = [:]
            var rounds: [Round] = []
            var nextToken = 0
            var stopped = false
        }

        /// At most this many rounds wait for acks; an older one is reported as it stands (a hung agent must
        /// not grow the supervisor's memory).
        static let maxRounds = 32

        private let repo: WatchedRepo
        private let state: Mutex<State>
        private let report: @Sendable (FleetEvent) -> Void
        private let follower = Mutex<Task<Void, Never>?>(nil)
        /// The agents' activity reports, for one consumer (the supervisor).
        public let activities: AsyncStream<Reported>
        private let reported: AsyncStream<Reported>.Continuation

        private init(repo: WatchedRepo, report: @escaping @Sendable (FleetEvent) -> Void) {
            self.repo = repo
            self.report = report
            state = Mutex(State(generation: repo.generation))
            (activities, reported) = AsyncStream.makeStream(of: Reported.self)
        }

        /// Starts the watcher on `root`'s hot-load paths (`watch.extra` too) and broadcasts what it publishes.
        /// - Parameter report: each completed round (`hot-load generation 7 (tools): acked by 3/3 agents …`).
        public static func start(
            root: String, extra: [String], report: @escaping @Sendable (FleetEvent) -> Void
        ) async throws(WatchError) -> FleetBroadcast {
            let broadcast = FleetBroadcast(repo: try await WatchedRepo.start(root: root, extra: extra), report: report)
            let updates = broadcast.repo.updates()
            let task = Task { [broadcast] in
                for await update in updates { broadcast.publish(update) }
            }
            broadcast.follower.withLock { $0 = task }
            return broadcast
        }

        /// The fleet's watcher (fleet.yaml is among its paths: the supervisor follows it there too).
        public var watcher: Watcher<ContinuousClock> { repo.watcher }

        /// The generation an agent spawned now boots with.
        public var generation: Int { state.withLock { $0.generation } }

        /// The last generation each instance with an open channel acked (nil: none yet), by instance id.
        public func acked() -> [String: Int?] {
            state.withLock { s in s.agents.mapValues(\.acked) }
        }

        /// Gives the agent `id` about to be spawned from `spec` its channel: `spec.channel`, `AXON_CHANNEL_FD`
        /// and `AXON_GENERATION`. The returned end must be closed once the spawn returned (whatever it
        /// returned): from then on the agent holds the only copy, so its exit is the channel's end of file.
        /// nil (the agent then watches on its own) when no socketpair can be made or the fleet stopped.
        public func open(_ id: String, spec: inout ProcessSpec) -> ChildEnd? {
            guard let pair = ChannelPeer.pair() else { return nil }
            let (mine, theirs) = pair
            let token = state.withLock { s -> Int in
                s.nextToken += 1
                return s.nextToken
            }
            let peer = ChannelPeer(
                fd: mine, onMessage: { [weak self] message in self?.received(message, from: id, token: token) },
                onClose: { [weak self] in self?.closed(id, token: token) })
            let registered = state.withLock { s -> (generation: Int, replaced: ChannelPeer?)? in
                guard !s.stopped else { return nil }
                let replaced = s.agents[id]?.peer
                s.agents[id] = Agent(peer: peer, token: token)
                return (s.generation, replaced)
            }
            guard let registered else {
                peer.close()
                Glibc.close(theirs)
                return nil
            }
            registered.replaced?.close()
            spec.channel = theirs
            spec.environment["AXON_CHANNEL_FD"] = String(ProcessSpec.channelDescriptor)
            spec.environment["AXON_GENERATION"] = String(registered.generation)
            return ChildEnd(fd: theirs, token: token)
        }

        /// The supervisor's copy of an agent's end of its channel, closed after the spawn.
        public struct ChildEnd: Sendable {
            let fd: Int32
            /// Names this channel in `activities` (a later spawn of the same instance gets another).
            public let token: Int
            public func close() { Glibc.close(fd) }
        }

        /// Stops the watcher and closes every channel.
        public func stop() async {
            let peers = state.withLock { s -> [ChannelPeer] in
                s.stopped = true
                return s.agents.values.map(\.peer)
            }
            follower.withLock { $0?.cancel() }
            reported.finish()
            await repo.stop()
            for peer in peers { peer.close() }
        }

        // MARK: rounds

        func publish(_ update: CapabilityUpdate) {
            let (peers, dropped) = state.withLock { s -> ([ChannelPeer], [Round]) in
                s.generation = max(s.generation, update.generation)
                guard !s.agents.isEmpty else { return ([], []) }
                s.rounds.append(
                    Round(
                        generation: update.generation, scope: update.scope, sent: .now,
                        waiting: Set(s.agents.keys), recipients: s.agents.count))
                var dropped: [Round] = []
                while s.rounds.count > Self.maxRounds { dropped.append(s.rounds.removeFirst()) }
                return (s.agents.values.map(\.peer), dropped)
            }
            let message = ChannelMessage.capabilities(
                generation: update.generation, scope: update.scope.names, paths: update.paths.map { $0.sorted() })
            for peer in peers { peer.send(message) }
            announce(dropped)
        }

        func received(_ message: ChannelMessage, from id: String, token: Int) {
            if case .activity(let activity) = message {
                guard state.withLock({ $0.agents[id]?.token == token }) else { return }
                reported.yield(Reported(id: id, token: token, activity: activity))
                return
            }
            guard case .ack(let generation) = message else { return }
            let done = state.withLock { s -> [Round] in
                guard s.agents[id]?.token == token else { return [] }
                let previous = s.agents[id]?.acked ?? generation
                s.agents[id]?.acked = max(previous, generation)
                // An ack covers every earlier generation: a slow agent is sent only the latest.
                for i in s.rounds.indices where s.rounds[i].generation <= generation {
                    if s.rounds[i].waiting.remove(id) != nil { s.rounds[i].acked += 1 }
                }
                return Self.takeDone(&s.rounds)
            }
            announce(done)
        }

        func closed(_ id: String, token: Int) {
            let done = state.withLock { s -> [Round] in
                guard s.agents[id]?.token == token else { return [] }
                s.agents[id] = nil
                for i in s.rounds.indices { s.rounds[i].waiting.remove(id) }
                return Self.takeDone(&s.rounds)
            }
            announce(done)
        }

        static func takeDone(_ rounds: inout [Round]) -> [Round] {
            let done = rounds.filter(\.waiting.isEmpty)
            rounds.removeAll(where: \.waiting.isEmpty)
            return done
        }

        func announce(_ rounds: [Round]) {
            let now = ContinuousClock.now
            for round in rounds {
                report(
                    .hotLoad(
                        generation: round.generation, scope: round.scope.names, acked: round.acked,
                        of: round.recipients, after: round.sent.duration(to: now)))
            }
        }
    }
#endif
