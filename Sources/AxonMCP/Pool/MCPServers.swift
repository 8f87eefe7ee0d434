public import AxonCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The MCP servers of one session: started lazily, their tools offered as `mcp__SERVER__TOOL`, failures reported
/// and retried, every process group dead after `shutdown()`.
///
/// ## Theory of operation
/// - **Laziness.** Nothing starts at session start. Each server's tool list comes from its cache file
///   (`ToolCache`, keyed by the server's config hash); only a server without a cached list is started by
///   `toolSnapshot()`, once, to fill it. A tool call starts its server if it is not running. One pool serves a
///   whole session (every thread, every request), never one per agent.
/// - **Changes.** A server's `notifications/tools/list_changed`, a start that finds the cached list stale, or
///   `update(servers:)` re-lists and, when the offered tools differ, bumps `generation` and yields it on
///   `changes`. The session reads them at its next safe point (before a model call) — nothing here swaps a tool
///   list under a running call.
/// - **Failures.** A server that cannot start (missing command, exits at once, no handshake within the timeout)
///   or dies is `down(reason:)` with its stderr tail; the next use retries it after `RestartBackoff`'s delay;
///   callers get an error outcome, never a throw.
/// - **Processes.** Each server runs in its own session and process group (`ServerProcess`); a server's exit
///   takes what is left of its group with it; `shutdown()` closes stdin, waits, SIGTERMs, then SIGKILLs.
///
/// Everything crossing the actor is a `Sendable` value; the blocking parts (waitid, pipe reads) live on threads
/// of their own, so the pool never blocks the cooperative pool.
public actor MCPServers {
    /// Tunables. The defaults suit a session; tests shorten the timeouts and the backoff.
    public struct Options: Sendable {
        /// Spawn to the end of the `initialize` handshake (Python servers take 0.5–5 s on a loaded machine).
        public var handshakeTimeout: Duration
        /// One `tools/call` (then the request is cancelled and the model gets an error outcome).
        public var callTimeout: Duration
        /// Each step of a stop: after closing stdin, then after SIGTERM (then SIGKILL).
        public var stopGrace: Duration
        public var backoff: RestartBackoff
        /// Where tool lists are cached; nil → `<root>/.axon/mcp`.
        public var cacheDirectory: String?
        /// More environment names to withhold from servers (every model's `api_key_env`).
        public var secretNames: Set<String>

        public init(
            handshakeTimeout: Duration = .seconds(30), callTimeout: Duration = .seconds(120),
            stopGrace: Duration = .seconds(2), backoff: RestartBackoff = RestartBackoff(),
            cacheDirectory: String? = nil, secretNames: Set<String> = []
        ) {
            self.handshakeTimeout = handshakeTimeout
            self.callTimeout = callTimeout
            self.stopGrace = stopGrace
            self.backoff = backoff
            self.cacheDirectory = cacheDirectory
            self.secretNames = secretNames
        }
    }

    let root: String
    let environment: [String: String]
    let options: Options
    let cache: ToolCache
    let records: ServerRecords
    var entries: [String: ServerEntry] = [:]
    var isShutDown = false
    /// Numbers every start (see `ServerEntry.epoch`).
    var epochs = 0
    /// The tools last published, to tell a real change from a re-list that found the same.
    var published: [MCPTool] = []

    /// Bumped whenever the offered tools change; the session compares it at each safe point.
    public private(set) var generation = 0
    /// Yields each new `generation` (buffering only the newest: a slow reader sees the latest, not a backlog).
    public nonisolated let changes: AsyncStream<Int>
    let changesContinuation: AsyncStream<Int>.Continuation

    /// A pool for `servers`, nothing started.
    /// - Parameters:
    ///   - root: the repo root: the servers' working directory, and where `.axon/mcp/` lives.
    ///   - environment: what servers inherit, before secrets are removed (nil: this process's).
    public init(
        root: String, servers: [MCPServerConfig], environment: [String: String]? = nil, options: Options = Options()
    ) {
        self.root = root
        self.environment = environment ?? ProcessInfo.processInfo.environment
        self.options = options
        let directory = options.cacheDirectory ?? root + "/.axon/mcp"
        self.cache = ToolCache(directory: directory)
        self.records = ServerRecords(directory: directory + "/run")
        (changes, changesContinuation) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(1))
        for config in servers { entries[config.name] = ServerEntry(config: config, cache: cache, options: options) }
        published = Self.offered(entries)
        // Servers a SIGKILLed session of this repo left behind (ones that ignore stdin EOF) die here.
        records.reapOrphans()
    }

    /// The tools of every server as the model is offered them, with the generation they belong to.
    ///
    /// Starts (once, concurrently) only the servers whose tools are not cached; one that fails to start
    /// contributes no tools and is reported `down` until its retry.
    public func toolSnapshot() async -> (generation: Int, tools: [MCPTool]) {
        let missing = entries.values.filter { $0.tools == nil }.map(\.config.name)
        if !missing.isEmpty && !isShutDown {
            await withTaskGroup(of: Void.self) { group in
                for name in missing { group.addTask { _ = await self.connection(for: name) } }
            }
        }
        return (generation, published)
    }

    /// The tools known now (cached or live), starting nothing.
    public var knownTools: [MCPTool] { published }

    /// Each server's status, by name.
    public func reports() -> [MCPServerReport] {
        let now = ContinuousClock.now
        return entries.values.sorted { $0.config.name < $1.config.name }.map { e in
            MCPServerReport(
                name: e.config.name, status: e.status, stderrTail: e.stderrTail, failures: e.backoff.failures,
                retryIn: e.status.isDown ? e.backoff.remaining(at: now) : nil, toolCount: e.tools?.count ?? 0,
                toolsFromCache: e.toolsFromCache)
        }
    }

    public func status(of server: String) -> MCPServerStatus? { entries[server]?.status }

    /// The process group of a running server (tests and `axon tools` show it); nil unless running.
    public func pid(of server: String) -> Int32? {
        if case .running(let pid) = entries[server]?.status { return pid }
        return nil
    }

    /// Calls the tool the model knows as `name` (`mcp__SERVER__TOOL`) with a JSON object of arguments.
    ///
    /// Never throws: an unknown tool, a server that is down (or in its backoff), a death during the call, a
    /// timeout and the tool's own `isError` are all error outcomes the model reads.
    public func call(_ name: String, arguments: JSONValue) async -> MCPCallOutcome {
        guard !isShutDown else { return .failure("the session's MCP servers have been shut down") }
        guard let server = serverName(forTool: name) else {
            return .failure("there is no MCP tool '\(name)'")
        }
        switch await connection(for: server) {
        case .failure(let error):
            return .failure(error.reason)
        case .success(let connection):
            // The live list may differ from the cache this name came from.
            guard let tool = entries[server]?.tools?.first(where: { $0.name == name }) else {
                return .failure("MCP server '\(server)' has no tool '\(name)' any more (its tool list changed)")
            }
            return await connection.call(tool: tool.toolName, arguments: arguments, timeout: options.callTimeout)
        }
    }

    /// Stops every server (stdin closed, then SIGTERM, then SIGKILL to its group) and returns when all are
    /// reaped. Later calls get an error outcome; later snapshots start nothing.
    public func shutdown() async {
        isShutDown = true
        // Starts in flight are killed, not awaited for up to the handshake timeout; each then ends at once.
        for entry in entries.values { entry.startHandle?.cancel() }
        let starting = entries.values.compactMap(\.starting)
        for task in starting { _ = await task.value }
        var running: [ServerConnection] = []
        for name in entries.keys {
            if let c = entries[name]?.connection { running.append(c) }
            entries[name]?.connection = nil
            entries[name]?.status = .stopped
        }
        let grace = options.stopGrace
        await withTaskGroup(of: Void.self) { group in
            for c in running { group.addTask { await c.stop(grace: grace) } }
        }
        changesContinuation.finish()
    }

    /// Applies a new configuration (an `.agents/mcp.json` or fleet.yaml edit): servers removed or changed are
    /// stopped, new ones added (nothing started); the generation bumps if the offered tools change.
    public func update(servers: [MCPServerConfig]) async {
        let incoming = Dictionary(servers.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        var stopping: [ServerConnection] = []
        for (name, entry) in entries where incoming[name] != entry.config {
            if let c = entry.connection { stopping.append(c) }
            entry.startHandle?.cancel()
            entries[name] = nil
        }
        for (name, config) in incoming where entries[name] == nil {
            entries[name] = ServerEntry(config: config, cache: cache, options: options)
        }
        publishIfChanged()
        let grace = options.stopGrace
        await withTaskGroup(of: Void.self) { group in
            for c in stopping { group.addTask { await c.stop(grace: grace) } }
        }
    }

    /// The server a model-facing tool name belongs to: from the offered tools, else from the `mcp__SERVER__`
    /// prefix for a server whose tools are not known yet.
    func serverName(forTool name: String) -> String? {
        if let tool = published.first(where: { $0.name == name }) { return tool.server }
        guard name.hasPrefix("mcp__") else { return nil }
        let rest = name.dropFirst(5)
        guard let end = rest.firstRange(of: "__") else { return nil }
        let server = String(rest[..<end.lowerBound])
        guard let entry = entries[server], entry.tools == nil else { return nil }
        return server
    }

    /// Recomputes the offered tools; bumps and announces the generation when they changed.
    func publishIfChanged() {
        let now = Self.offered(entries)
        guard now != published else { return }
        published = now
        generation += 1
        changesContinuation.yield(generation)
    }

    static func offered(_ entries: [String: ServerEntry]) -> [MCPTool] {
        entries.keys.sorted().flatMap { entries[$0]?.tools ?? [] }
    }
}
