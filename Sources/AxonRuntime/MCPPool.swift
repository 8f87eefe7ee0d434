import AxonConfig
import AxonCore
import AxonMCP
import AxonTools

/// A session's MCP servers as its capabilities see them: the configuration (`.agents/mcp.json`, then
/// fleet.yaml's `mcp:`) re-read at each reload, the server pool made when the first server is configured (so an
/// `mcp.json` written mid-session works), and each server tool as a `Tool` of kind `mcp`.
actor MCPPool {
    let workspace: Workspace
    let config: FleetConfig
    let environment: [String: String]
    let options: MCPServers.Options
    private(set) var servers: MCPServers?
    var configured: [MCPServerConfig] = []
    /// Called when a server's tool list changes (`notifications/tools/list_changed`, a stale cache).
    var onChange: (@Sendable () async -> Void)?
    var forwarding: Task<Void, Never>?

    /// - Parameter environment: what servers inherit (the tools' environment: secrets already removed).
    init(
        workspace: Workspace, config: FleetConfig, environment: [String: String],
        options: MCPServers.Options = MCPServers.Options()
    ) {
        self.workspace = workspace
        self.config = config
        self.environment = environment
        self.options = options
    }

    /// The configured servers, their tools and the configuration's problems, as of now.
    /// - Parameter listing: start the servers whose tool list is not cached and wait for their lists (at boot,
    ///   so the first model call sees every tool); otherwise they start in the background and their tools
    ///   arrive as a change at a later safe point (a reload never holds the session while Python imports).
    func current(listing: Bool) async -> (servers: [MCPServerConfig], tools: [Tool], problems: [String]) {
        let configuration = MCPConfiguration.load(
            root: workspace.root, fleet: config.mcp, fleetSource: config.source)
        let wanted = configuration.servers.values.sorted { $0.name < $1.name }
        if servers == nil, !wanted.isEmpty { makeServers() }
        if let servers, wanted != configured { await servers.update(servers: wanted) }
        configured = wanted
        guard let servers else { return (wanted, [], configuration.diagnostics.map(\.description)) }
        let listed: [MCPTool]
        if listing {
            listed = await servers.toolSnapshot().tools
        } else {
            listed = await servers.knownTools
            Task { _ = await servers.toolSnapshot() }
        }
        let tools = listed.map { tool in
            Tool.remote(
                spec: ToolSpec(name: tool.name, description: tool.description, inputSchema: tool.inputSchema),
                kind: .mcp, source: "mcp:" + tool.server
            ) { arguments in
                let outcome = await servers.call(tool.name, arguments: arguments)
                return outcome.ok ? .success(outcome.content) : .failure(outcome.content)
            }
        }
        return (wanted, tools, configuration.diagnostics.map(\.description))
    }

    /// Each server's status (for `axon tools` and `/tools`); empty without servers.
    func reports() async -> [MCPServerReport] { await servers?.reports() ?? [] }

    func setOnChange(_ handler: @escaping @Sendable () async -> Void) { onChange = handler }

    /// Stops every server and waits until each process group is reaped.
    func shutdown() async {
        forwarding?.cancel()
        await servers?.shutdown()
    }

    private func makeServers() {
        let pool = MCPServers(root: workspace.root, servers: [], environment: environment, options: options)
        servers = pool
        forwarding = Task { [weak self] in
            for await _ in pool.changes {
                guard let handler = await self?.onChange else { continue }
                await handler()
            }
        }
    }
}
