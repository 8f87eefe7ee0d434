public import AxonConfig
import AxonControl
public import AxonCore

/// Where a fleet agent's replicas listen: one stable control socket per instance (`.axon/fleet/agent-scout.1.sock`),
/// the same across its restarts, so clients find a replica by the agent's name without asking the supervisor.
public enum AgentSockets {
    /// The socket paths of `agent`'s replicas, replica 1 first.
    public static func paths(agent: AgentName, config: FleetConfig, repoRoot: String) -> [String] {
        let replicas = config.agents[agent]?.replicas ?? 0
        return stride(from: 1, through: replicas, by: 1).map {
            ControlSocketPath.agent(repoRoot: repoRoot, instance: "\(agent.rawValue).\($0)")
        }
    }
}
