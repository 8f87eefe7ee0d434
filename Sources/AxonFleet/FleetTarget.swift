import AxonCore

/// What `axon restart` and `axon logs` name: an instance (`scout.2`) or every replica of an agent (`scout`).
public enum FleetTarget {
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// No agent of that name; `hint` is a did-you-mean (or empty).
        case unknownAgent(String, hint: String)
        /// The agent exists but has no such replica.
        case unknownReplica(String, existing: [String])

        public var description: String {
            switch self {
            case .unknownAgent(let name, let hint): "unknown agent '\(name)'\(hint)"
            case .unknownReplica(let target, let existing):
                "no instance '\(target)' in the fleet (it runs \(existing.joined(separator: ", ")))"
            }
        }
    }

    /// The agent of an instance id: what comes before the last `.N`.
    public static func agent(of id: String) -> String {
        guard let dot = id.lastIndex(of: "."), Int(id[id.index(after: dot)...]) != nil else { return id }
        return String(id[..<dot])
    }

    /// The ids of `instances` that `target` names, in their order.
    public static func resolve(_ target: String, in instances: [String]) throws(Failure) -> [String] {
        if instances.contains(target) { return [target] }
        let ofAgent = instances.filter { agent(of: $0) == target }
        if !ofAgent.isEmpty { return ofAgent }
        var agents: [String] = []
        for id in instances where !agents.contains(agent(of: id)) { agents.append(agent(of: id)) }
        let named = agent(of: target)
        if named != target, agents.contains(named) {
            throw .unknownReplica(target, existing: instances.filter { agent(of: $0) == named })
        }
        throw .unknownAgent(target, hint: Suggestion.hint(for: target, in: agents + instances))
    }
}
