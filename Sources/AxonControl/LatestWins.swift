/// What one side of a channel has still to write: the latest state, never a queue.
///
/// A peer that reads slowly (an agent busy in a tool call, a supervisor stuck on a disk) must cost one pending
/// message per kind, not a backlog: capabilities merge into one (the newest generation, the union of the
/// scopes — the parts changed since the last line sent), acks into the highest generation, activity into the
/// newest (each one carries the whole state).
public struct LatestWins: Sendable, Equatable {
    public private(set) var capabilities: (generation: Int, scope: [String], paths: [String]?)?

    /// More changed paths than this are not kept: the agent then looks at every file, as cheap as the list.
    public static let pathLimit = 4096
    public private(set) var ack: Int?
    public private(set) var activity: AgentActivity?

    public init() {}

    public var isEmpty: Bool { capabilities == nil && ack == nil && activity == nil }

    /// Merges `message` into what is pending.
    public mutating func add(_ message: ChannelMessage) {
        switch message {
        case .capabilities(let generation, let scope, let paths):
            guard var pending = capabilities else {
                capabilities = (generation, scope, paths.flatMap { $0.count > Self.pathLimit ? nil : $0 })
                return
            }
            pending.generation = max(pending.generation, generation)
            for part in scope where !pending.scope.contains(part) { pending.scope.append(part) }
            // Unknown on either side is unknown for both.
            if let known = pending.paths, let paths {
                let merged = Array(Set(known).union(paths)).sorted()
                pending.paths = merged.count > Self.pathLimit ? nil : merged
            } else {
                pending.paths = nil
            }
            capabilities = pending
        case .ack(let generation):
            ack = max(ack ?? generation, generation)
        case .activity(let newest):
            activity = newest
        }
    }

    /// The pending messages, in the order to write them, leaving nothing pending.
    public mutating func take() -> [ChannelMessage] {
        var out: [ChannelMessage] = []
        if let capabilities {
            out.append(
                .capabilities(
                    generation: capabilities.generation, scope: capabilities.scope, paths: capabilities.paths))
        }
        if let ack { out.append(.ack(generation: ack)) }
        if let activity { out.append(.activity(activity)) }
        self = LatestWins()
        return out
    }

    public static func == (a: LatestWins, b: LatestWins) -> Bool {
        a.ack == b.ack && a.activity == b.activity && a.capabilities?.generation == b.capabilities?.generation
            && a.capabilities?.scope == b.capabilities?.scope && a.capabilities?.paths == b.capabilities?.paths
    }
}
