public import AxonConfig
public import AxonCore
public import AxonModels
import AxonTools

/// What `axon tools` shows for one agent: the tools its model is offered, its policy, and how run_shell runs.
public struct ToolReport: Sendable {
    public var agent: AgentName
    public var tools: [ToolSpec]
    public var policy: PolicySpec
    /// `off (policy.shell: false)`, `bwrap (PATH), no network`, or `NONE: REASON; …` (the fallback).
    public var sandbox: String

    /// The report for `agent` of `config` in `workspace`, with the sandbox probed as a session would.
    public static func make(
        config: FleetConfig, agent name: AgentName, workspace: Workspace, environment: [String: String]
    ) async throws(RuntimeError) -> ToolReport {
        guard let agent = config.agents[name] ?? (name == .default ? FleetConfig.builtIn.agents[name] : nil) else {
            throw .unknownAgent(name, known: config.agentOrder)
        }
        let box = ToolBox(
            root: workspace.root, agent: agent, environment: [:],
            sandbox: environment["AXON_SANDBOX"] == "none" ? .none : .auto)
        return ToolReport(agent: name, tools: box.specs, policy: agent.policy, sandbox: await box.sandboxSummary())
    }

    /// The `--json` shape: `{agent, tools: [{name, description, input_schema}], policy: {...}, sandbox}`.
    public var json: JSONValue {
        let strings = { (list: [String]) in JSONValue.array(list.map(JSONValue.string)) }
        return .object([
            "agent": .string(agent.rawValue),
            "tools": .array(
                tools.map {
                    .object([
                        "name": .string($0.name), "description": .string($0.description),
                        "input_schema": $0.inputSchema,
                    ])
                }),
            "policy": .object([
                "read": strings(policy.read), "write": strings(policy.write), "deny": strings(policy.deny),
                "shell": .bool(policy.shell), "network": .bool(policy.network),
                "create_tools": .bool(policy.createTools),
            ]),
            "sandbox": .string(sandbox),
        ])
    }
}
