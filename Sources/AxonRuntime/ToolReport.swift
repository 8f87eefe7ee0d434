public import AxonConfig
public import AxonCore
import AxonMCP
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
    /// The active tools offered only through `search_tools` (past `tools.max_direct` or `tools.budget_kb`).
    public var searchOnly: [String] = []
    /// Active tools the policy offers, then the shadowed, invalid and quarantined ones (precedence order each).
    public var tools: [Item]
    public var policy: PolicySpec
    /// `off (policy.shell: false)`, `bwrap (PATH), no network`, or `NONE: REASON; …` (the fallback).
    public var sandbox: String
    /// The MCP servers, one line each: `time  running (pid 4242), 2 tools`.
    public var servers: [String] = []
    /// Problems of the MCP configuration (`.agents/mcp.json:3:5: …`).
    public var problems: [String] = []
    /// Damaged lines of `data/provenance.jsonl` (skipped), or why it cannot be read.
    public var warnings: [String] = []

    /// The report for `agent` of `config` in `workspace`, with the sandbox probed as a session would.
    public static func make(
        config: FleetConfig, agent name: AgentName, workspace: Workspace, environment: [String: String]
    ) async throws(RuntimeError) -> ToolReport {
        guard let agent = config.agents[name] ?? (name == .default ? FleetConfig.builtIn.agents[name] : nil) else {
            throw .unknownAgent(name, known: config.agentOrder)
        }
        // MCP tools come from each server's cached list; a server without one is started to list it (and is
        // reported down if it cannot), then every server is stopped again.
        let mcp = MCPPool(
            workspace: workspace, config: config,
            environment: Secrets.toolEnvironment(environment, config: config, agent: name.rawValue, session: "-"))
        let state = await mcp.current(listing: true)
        let box = ToolBox(
            root: workspace.root, agent: agent, environment: [:],
            sandbox: environment["AXON_SANDBOX"] == "none" ? .none : .auto,
            catalog: ToolCatalog.load(root: workspace.root, trust: agent.tools.trust, external: state.tools))
        var report = await make(box, servers: await mcp.reports())
        report.problems = state.problems
        await mcp.shutdown()
        return report
    }

    /// The report for the tools of `box` (a running session's: `/tools` in `axon`) and its MCP servers.
    static func make(_ box: ToolBox, servers: [MCPServerReport]) async -> ToolReport {
        let down = Dictionary(
            servers.compactMap { server -> (String, String)? in
                guard case .down(let reason) = server.status else { return nil }
                return ("mcp:" + server.name, reason)
            }, uniquingKeysWith: { first, _ in first })
        var items: [Item] = []
        for entry in box.catalog.entries {
            switch entry.status {
            case .active, .serverDown:
                // A tool the policy hides is not this agent's tool at all.
                guard box.isVisible(entry.name) else { continue }
                var item = Item(entry, error: entry.error)
                if let reason = down[entry.source] {
                    item.status = .serverDown(reason: reason)
                    item.error = reason
                }
                items.append(item)
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
            agent: box.agent.name, searchOnly: box.offer.deferred.map(\.name), tools: listed, policy: box.agent.policy,
            sandbox: await box.sandboxSummary(),
            servers: servers.map { server in
                "\(server.name)  \(server.status), \(server.toolCount) tool\(server.toolCount == 1 ? "" : "s")"
                    + (server.toolsFromCache ? " (listed from the cache)" : "")
            }, warnings: box.catalog.ledgerProblems)
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
            "search_only": strings(searchOnly), "sandbox": .string(sandbox),
            "mcp_servers": strings(servers), "problems": strings(problems), "warnings": strings(warnings),
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
