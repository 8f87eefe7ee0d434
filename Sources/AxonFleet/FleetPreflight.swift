public import AxonConfig
import AxonCore
public import AxonRuntime

/// What `axon up` checks before it starts anything, beyond fleet.yaml itself: each agent that runs must be able
/// to start. A model whose API key is unset, or a `run:` script that does not exist, would otherwise be found
/// by each replica in turn and end in a crash loop; here it is one clear error and exit 2.
public enum FleetPreflight {
    /// Every problem, one line each, naming the agent (`agent 'scout': … needs an API key: set OPENAI_API_KEY`).
    public static func problems(
        _ plan: FleetPlan, config: FleetConfig, workspace: Workspace, environment: [String: String]
    ) -> [String] {
        var seen = Set<String>()
        var problems: [String] = []
        for instance in plan.instances where seen.insert(instance.agent.rawValue).inserted {
            do throws(RuntimeError) {
                _ = try ModelResolver.resolve(
                    config: config, agent: instance.spec, override: nil, environment: environment, workspace: workspace)
                if let run = instance.spec.run { _ = try Script.find(run, in: workspace) }
            } catch {
                problems.append("agent '\(instance.agent.rawValue)': \(error)")
            }
        }
        return problems
    }
}
