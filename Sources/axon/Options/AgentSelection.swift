import AxonConfig
import AxonCore
import AxonRuntime

/// Which agent a command addresses: the flag, then `AXON_AGENT`, then the fleet's default agent.
enum AgentSelection {
    static func resolve(flag: String?, environment: [String: String], config: FleetConfig) throws -> AgentName {
        if let name = flag ?? environment["AXON_AGENT"] {
            let agent = AgentName(name)
            guard config.agents[agent] != nil || (config.agents.isEmpty && agent == .default) else {
                throw RuntimeError.unknownAgent(agent, known: config.agentOrder)
            }
            return agent
        }
        return config.defaultAgent ?? .default
    }
}
