public import AxonConfig
public import AxonCore

/// What an agent does in a session: wait for requests, run its `prompt:` once, or run its `run:` script.
public enum AgentKind: String, Sendable, Equatable {
    case persistent, prompt, script

    public init(_ spec: AgentSpec) {
        self = spec.prompt != nil ? .prompt : spec.run != nil ? .script : .persistent
    }

    /// Prompt and script agents end their session when the work is done (exit 0 means completed).
    public var isOneShot: Bool { self != .persistent }
}

/// One process the fleet runs: replica `replica` (1-based) of `agent`, named `agent.replica` (`scout.1`).
public struct FleetInstance: Sendable, Equatable, Identifiable, CustomStringConvertible {
    public var agent: AgentName
    public var replica: Int
    public var spec: AgentSpec
    /// The `models:` entry the agent names, if any: a change to it is a change to the agent.
    public var model: ModelSpec?

    public var id: String { "\(agent.rawValue).\(replica)" }
    public var kind: AgentKind { AgentKind(spec) }
    public var description: String { id }
}

/// The instances a fleet configuration runs, in file order (agent, then replica), the fleet's budget and how
/// their logs are rotated.
public struct FleetPlan: Sendable, Equatable {
    public var instances: [FleetInstance]
    /// The whole fleet's spend cap (`budget:` at the top of fleet.yaml).
    public var budget: Budget?
    /// `logs:` at the top of fleet.yaml.
    public var logs: LogsConfig

    public init(instances: [FleetInstance], budget: Budget? = nil, logs: LogsConfig = .init()) {
        self.instances = instances
        self.budget = budget
        self.logs = logs
    }

    /// Every agent × `replicas:` of `config` (an agent with `replicas: 0` runs nothing).
    public init(config: FleetConfig) {
        var instances: [FleetInstance] = []
        for name in config.agentOrder {
            guard let spec = config.agents[name] else { continue }
            let model = spec.model.flatMap { config.models[$0] }
            for replica in stride(from: 1, through: spec.replicas, by: 1) {
                instances.append(FleetInstance(agent: name, replica: replica, spec: spec, model: model))
            }
        }
        self.instances = instances
        budget = config.budget
        logs = config.logs
    }

    public subscript(id: String) -> FleetInstance? { instances.first { $0.id == id } }

    /// What turns this plan into `next`, for a hot reload of fleet.yaml.
    public func diff(to next: FleetPlan) -> PlanDiff {
        var diff = PlanDiff()
        let old = Dictionary(instances.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let new = Dictionary(next.instances.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for instance in next.instances {
            guard let before = old[instance.id] else {
                diff.added.append(instance.id)
                continue
            }
            if !before.runsTheSame(as: instance) { diff.changed.append(instance.id) }
        }
        diff.removed = instances.map(\.id).filter { new[$0] == nil }
        let oldCounts = Self.replicaCounts(instances)
        let newCounts = Self.replicaCounts(next.instances)
        for (agent, count) in newCounts.sorted(by: { $0.key < $1.key }) {
            if let was = oldCounts[agent], was != count {
                diff.scaled.append(PlanDiff.Scale(agent: agent, from: was, to: count))
            }
        }
        return diff
    }

    static func replicaCounts(_ instances: [FleetInstance]) -> [AgentName: Int] {
        instances.reduce(into: [:]) { counts, instance in counts[instance.agent, default: 0] += 1 }
    }
}

extension FleetInstance {
    /// Equal in everything a running process was started with: the agent's keys (its `env:` included) and its
    /// model's entry; the replica count alone is a scale, not a change.
    func runsTheSame(as other: FleetInstance) -> Bool {
        var mine = spec
        var theirs = other.spec
        mine.replicas = 0
        theirs.replicas = 0
        return mine == theirs && model == other.model
    }
}

/// The difference between two plans: instances to start, to stop, and to restart; agents whose replica count
/// changed (their extra replicas are in `added`, the ones that go away — the highest numbers — in `removed`).
public struct PlanDiff: Sendable, Equatable {
    public struct Scale: Sendable, Equatable {
        public var agent: AgentName
        public var from: Int
        public var to: Int
    }

    public var added: [String] = []
    public var removed: [String] = []
    public var changed: [String] = []
    public var scaled: [Scale] = []

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
}
