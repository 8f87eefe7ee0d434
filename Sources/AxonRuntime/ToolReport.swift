public import AxonConfig
public import AxonCore
public import AxonTools

/// What `axon tools` shows for one agent: every tool it can know (offered, shadowed, invalid or quarantined)
/// with who wrote it, its policy, and how run_shell and executable tools are sandboxed.
public struct ToolReport: Sendable {
    /// One listed tool.
    public struct Item: Sendable, Equatable {
        public var name: String
        public var kind: ToolKind
        /// `builtin` or the repo-relative file.
        public var source: String
        public var status: ToolStatus
        public var description: String
        /// The argument schema (`{}` for an invalid tool).
        public var inputSchema: JSONValue
        /// Why the tool is invalid (`path:line:col: message`), which tool shadows it, or why it is quarantined.
        public var error: String?
        /// An executable tool's author (an agent's name or `unknown`); nil for built-ins.
        public var author: String?
        /// SHA-256 of an executable tool's file (what `axon tools approve` pins).
        public var hash: String?
    }

    public var agent: AgentName
    /// Active tools the policy offers, then the shadowed, invalid and quarantined ones (precedence order each).
    public var tools: [Item]
    public var policy: PolicySpec
    /// `off (policy.shell: false)`, `bwrap (PATH), no network`, or `NONE: REASON; …` (the fallback).
    public var sandbox: String
    /// Damaged lines of `data/provenance.jsonl` (skipped), or why it cannot be read.
    public var warnings: [String] = []

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
        return await make(box)
    }

    /// The report for the tools of `box` (a running session's: `/tools` in `axon`).
    public static func make(_ box: ToolBox) async -> ToolReport {
        var items: [Item] = []
        for entry in box.catalog.entries {
            switch entry.status {
            case .active:
                // A tool the policy hides is not this agent's tool at all.
                guard box.isVisible(entry.name) else { continue }
                items.append(Item(entry, error: nil))
            case .shadowed(let by):
                items.append(Item(entry, error: "shadowed by \(by), which has the same name"))
            case .invalid:
                items.append(Item(entry, error: entry.error))
            case .quarantined(let reason):
                guard box.isVisible(entry.name) else { continue }
                items.append(Item(entry, error: reason))
            }
        }
        let listed = items.filter { $0.status == .active } + items.filter { $0.status != .active }
        return ToolReport(
            agent: box.agent.name, tools: listed, policy: box.agent.policy, sandbox: await box.sandboxSummary(),
            warnings: box.catalog.ledgerProblems)
    }

    /// The `--json` shape: `{agent, tools: [{name, kind, source, status, description, input_schema, author,
    /// hash, error?}], policy: {...}, sandbox, warnings}` (`author` and `hash` are null for built-ins).
    public var json: JSONValue {
        let strings = { (list: [String]) in JSONValue.array(list.map(JSONValue.string)) }
        return .object([
            "agent": .string(agent.rawValue),
            "tools": .array(
                tools.map { item in
                    var fields: [String: JSONValue] = [
                        "name": .string(item.name), "kind": .string(item.kind.rawValue),
                        "source": .string(item.source), "status": .string(item.status.name),
                        "description": .string(item.description), "input_schema": item.inputSchema,
                    ]
                    fields["author"] = item.author.map(JSONValue.string) ?? .null
                    fields["hash"] = item.hash.map(JSONValue.string) ?? .null
                    if let error = item.error { fields["error"] = .string(error) }
                    return .object(fields)
                }),
            "policy": .object([
                "read": strings(policy.read), "write": strings(policy.write), "deny": strings(policy.deny),
                "shell": .bool(policy.shell), "network": .bool(policy.network),
                "create_tools": .bool(policy.createTools),
            ]),
            "sandbox": .string(sandbox),
            "warnings": strings(warnings),
        ])
    }
}

extension ToolReport.Item {
    init(_ entry: ToolCatalog.Entry, error: String?) {
        self.init(
            name: entry.name, kind: entry.kind, source: entry.source, status: entry.status,
            description: entry.description, inputSchema: entry.tool?.spec.inputSchema ?? .object([:]), error: error,
            author: entry.author, hash: entry.hash)
    }
}
