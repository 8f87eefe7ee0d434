/// What one side of a channel has still to write: the latest state, never a queue.
///
/// A peer that reads slowly (an agent busy in a tool call, a supervisor stuck on a disk) must cost one pending
/// message per kind, not a backlog: capabilities merge into one (the newest generation, the union of the
/// scopes — the parts changed since the last line sent), acks into the highest generation.
public struct LatestWins: Sendable, Equatable {
    public private(set) var capabilities: (generation: Int, scope: [String])?
    public private(set) var ack: Int?

    public init() {}

    public var isEmpty: Bool { capabilities == nil && ack == nil }

    /// Merges `message` into what is pending.
    public mutating func add(_ message: ChannelMessage) {
        switch message {
        case .capabilities(let generation, let scope):
            guard var pending = capabilities else {
                capabilities = (generation, scope)
                return
            }
            pending.generation = max(pending.generation, generation)
            for part in scope where !pending.scope.contains(part) { pending.scope.append(part) }
            capabilities = pending
        case .ack(let generation):
            ack = max(ack ?? generation, generation)
        }
    }

    /// The pending messages, in the order to write them, leaving nothing pending.
    public mutating func take() -> [ChannelMessage] {
        var out: [ChannelMessage] = []
        if let capabilities {
            out.append(.capabilities(generation: capabilities.generation, scope: capabilities.scope))
        }
        if let ack { out.append(.ack(generation: ack)) }
        self = LatestWins()
        return out
    }

    public static func == (a: LatestWins, b: LatestWins) -> Bool {
        a.ack == b.ack && a.capabilities?.generation == b.capabilities?.generation
            && a.capabilities?.scope == b.capabilities?.scope
    }
}
