import AxonCore
import MCP

/// One server's state inside the pool (owned by the actor; never crosses it).
struct ServerEntry {
    var config: MCPServerConfig
    var status: MCPServerStatus = .stopped
    /// The offered tools: live once started, else from the cache; nil when neither is known.
    var tools: [MCPTool]?
    var toolsFromCache = false
    var connection: ServerConnection?
    /// The start in flight; concurrent users await it rather than starting a second process.
    var starting: Task<Result<ServerConnection, StartError>, Never>?
    /// The process of the start in flight, for `shutdown()` to kill.
    var startHandle: StartHandle?
    var backoff: RestartBackoff
    var stderrTail = ""
    /// Which start this is (unique across the pool), so a late exit or list_changed report from an earlier
    /// process, or from a removed entry of the same name, is ignored.
    var epoch = 0
    /// A list_changed arrived while a re-list was running: list again when it ends.
    var refreshing = false
    var refreshAgain = false

    init(config: MCPServerConfig, cache: ToolCache, options: MCPServers.Options) {
        self.config = config
        self.backoff = options.backoff
        if let cached = cache.load(config) {
            tools = MCPServers.tools(of: config.name, cached)
            toolsFromCache = true
        }
    }
}

/// Why a server could not be used, as the model and the status report say it.
struct StartError: Error, Sendable {
    var reason: String
}

extension MCPServers {
    /// The running connection of `name`, starting it if needed (or a reason it cannot be used now).
    func connection(for name: String) async -> Result<ServerConnection, StartError> {
        guard let entry = entries[name] else { return .failure(StartError(reason: "no MCP server '\(name)'")) }
        if let c = entry.connection { return .success(c) }
        if let task = entry.starting { return await task.value }
        guard !isShutDown else { return .failure(StartError(reason: "the session's MCP servers have been shut down")) }
        if let wait = entry.backoff.remaining(at: .now), case .down(let reason) = entry.status {
            return .failure(
                StartError(reason: "MCP server '\(name)' is down (\(reason)); it is retried in \(tenths(wait)) s"))
        }
        epochs += 1
        let epoch = epochs
        entries[name]?.epoch = epoch
        entries[name]?.status = .starting
        let handle = StartHandle()
        let task = Task { await self.start(name, epoch: epoch, config: entry.config, handle: handle) }
        entries[name]?.starting = task
        entries[name]?.startHandle = handle
        return await task.value
    }

    /// `1.3` for 1.25 s: a wait in tenths of a second, rounded up (no ICU formatter on this path).
    private func tenths(_ d: Duration) -> String {
        let t =
            Int(d.components.seconds) * 10
            + Int((d.components.attoseconds + 99_999_999_999_999_999) / 100_000_000_000_000_000)
        return "\(t / 10).\(t % 10)"
    }

    /// Spawns, shakes hands and lists tools (off the actor), then records the outcome.
    private func start(
        _ name: String, epoch: Int, config: MCPServerConfig, handle: StartHandle
    ) async -> Result<
        ServerConnection, StartError
    > {
        let env = ServerEnvironment.make(
            inherited: environment, serverEnv: config.env, secretNames: options.secretNames)
        let outcome: Result<(ServerConnection, [Tool]), ServerConnection.StartFailure>
        do {
            let c = try await ServerConnection.start(
                config, environment: env, directory: root, timeout: options.handshakeTimeout, records: records,
                handle: handle,
                onExit: { [weak self] status, tail in
                    Task { await self?.exited(name, epoch: epoch, status: status, stderrTail: tail) }
                },
                onToolsChanged: { [weak self] in Task { await self?.refresh(name, epoch: epoch) } })
            switch await Deadline.run(options.handshakeTimeout, { try await c.listTools() }) {
            case .value(let tools): outcome = .success((c, tools))
            case .timedOut, .cancelled:
                await c.stop(grace: .zero)
                outcome = .failure(
                    .init(
                        reason: "no answer to tools/list within \(options.handshakeTimeout)",
                        stderrTail: c.stderrTail.text))
            case .failed(let error):
                await c.stop(grace: .zero)
                outcome = .failure(.init(reason: "tools/list failed: \(error)", stderrTail: c.stderrTail.text))
            }
        } catch {
            outcome = .failure(error)
        }
        if entries[name]?.epoch == epoch {
            entries[name]?.starting = nil
            entries[name]?.startHandle = nil
        }
        guard entries[name]?.epoch == epoch, !isShutDown else {
            // Removed by `update` or shut down meanwhile: this process must not outlive the decision.
            if case .success(let (c, _)) = outcome { await c.stop(grace: options.stopGrace) }
            return .failure(StartError(reason: "MCP server '\(name)' was stopped"))
        }
        switch outcome {
        case .success(let (c, tools)):
            entries[name]?.connection = c
            entries[name]?.status = .running(pid: c.process.pid)
            entries[name]?.stderrTail = ""
            setTools(name, tools, cache: true)
            return .success(c)
        case .failure(let failure):
            entries[name]?.status = .down(reason: failure.reason)
            entries[name]?.stderrTail = failure.stderrTail
            entries[name]?.backoff.recordFailure(at: .now, uptime: nil)
            return .failure(StartError(reason: "MCP server '\(name)' could not start: \(failure.reason)"))
        }
    }

    /// The process of start `epoch` exited on its own (a stop clears `connection` first, so it never lands here).
    func exited(_ name: String, epoch: Int, status: Int32, stderrTail: String) {
        guard var entry = entries[name], entry.epoch == epoch, let c = entry.connection else { return }
        let how = status > 128 ? "was killed by signal \(status - 128)" : "exited with status \(status)"
        let last = stderrTail.split(separator: "\n").last.map { ": " + $0 } ?? ""
        entry.connection = nil
        entry.status = .down(reason: how + last)
        entry.stderrTail = stderrTail
        entry.backoff.recordFailure(at: .now, uptime: c.startedAt.duration(to: .now))
        entries[name] = entry
    }

    /// `notifications/tools/list_changed` from start `epoch`: list again (coalescing a burst into one re-list).
    func refresh(_ name: String, epoch: Int) async {
        guard let entry = entries[name], entry.epoch == epoch, let c = entry.connection else { return }
        guard !entry.refreshing else {
            entries[name]?.refreshAgain = true
            return
        }
        entries[name]?.refreshing = true
        repeat {
            entries[name]?.refreshAgain = false
            let listed = await Deadline.run(options.handshakeTimeout, { try await c.listTools() })
            guard entries[name]?.epoch == epoch else { return }
            if case .value(let tools) = listed { setTools(name, tools, cache: false) }
        } while entries[name]?.refreshAgain == true
        entries[name]?.refreshing = false
    }

    /// A live tool list: offered, published if it changed, and cached when it is the list a fresh start gives
    /// (the cache predicts what the next session's start offers; tools a server adds at runtime are that
    /// process's state, so a re-list after `list_changed` is not cached).
    private func setTools(_ name: String, _ tools: [Tool], cache store: Bool) {
        guard let config = entries[name]?.config else { return }
        let listed = tools.map { ($0.name, $0.description ?? "", JSONValue($0.inputSchema)) }
        entries[name]?.tools = Self.tools(of: name, listed)
        entries[name]?.toolsFromCache = false
        if store { cache.store(config, tools: listed) }
        publishIfChanged()
    }

    /// Model-facing tools from a server's `(name, description, schema)` list.
    static func tools(
        of server: String, _ listed: [(name: String, description: String, inputSchema: JSONValue)]
    ) -> [MCPTool] {
        let names = MCPToolName.names(server: server, tools: listed.map(\.name))
        return zip(names, listed).map { name, tool in
            MCPTool(
                name: name, server: server, toolName: tool.name, description: tool.description,
                inputSchema: tool.inputSchema)
        }
    }
}
