import AxonCore

/// Step 4 of loading: the validated tree → typed values, `defaults:` merged, every default applied.
///
/// Runs only on a tree without diagnostics, so every value already has the type its key requires; a missing
/// key falls back to the default of the typed init (the one place defaults live).
extension FleetConfig {
    init(validated root: ConfigNode, source: ConfigSource?) {
        var models: [String: ModelSpec] = [:]
        for entry in root["models"]?.entries ?? [] {
            models[entry.key] = ModelSpec(validated: entry.value, key: entry.key)
        }
        let defaults = root["defaults"]
        var agentEntries = (root["agents"]?.entries ?? []).map { ($0.key, $0.value) }
        if agentEntries.isEmpty {
            // No agents: the built-in `default` agent, which still inherits `defaults:`.
            agentEntries = [(AgentName.default.rawValue, ConfigNode(value: .null, line: 1, column: 1))]
        }
        var agents: [AgentName: AgentSpec] = [:]
        var order: [AgentName] = []
        for (key, node) in agentEntries {
            let name = AgentName(key)
            // An agent written as `name:` (null) is an agent with every key inherited.
            let own = node.entries.isEmpty ? ConfigNode(value: .map([]), line: node.line, column: node.column) : node
            let merged = defaults.map { own.merged(over: $0) } ?? own
            agents[name] = AgentSpec(validated: merged, name: name)
            order.append(name)
        }
        var mcp: [String: MCPServerSpec] = [:]
        for entry in root["mcp"]?.entries ?? [] {
            let n = entry.value
            mcp[entry.key] = MCPServerSpec(
                command: n["command"]?.string, args: n["args"]?.strings ?? [], env: n["env"]?.stringMap ?? [:],
                url: n["url"]?.string)
        }
        self.init(
            version: root["version"]?.int ?? 1, models: models, agents: agents, agentOrder: order,
            knowledge: KnowledgeConfig(budgetKB: root["knowledge"]?["budget_kb"]?.int ?? KnowledgeConfig().budgetKB),
            mcp: mcp, watch: WatchConfig(extra: root["watch"]?["extra"]?.strings ?? []),
            budget: root["budget"].map { Budget(usd: $0["usd"]?.number ?? 0) },
            logs: LogsConfig(
                maxSize: root["logs"]?["max_size"]?.int ?? LogsConfig().maxSize,
                keep: root["logs"]?["keep"]?.int ?? LogsConfig().keep),
            source: source)
    }
}

extension ModelSpec {
    init(validated n: ConfigNode, key: String) {
        let price = n["price"].map { p in
            Price(
                input: p["input"]?.number ?? 0, output: p["output"]?.number ?? 0,
                cacheRead: p["cache_read"]?.number ?? 0, cacheWrite: p["cache_write"]?.number ?? 0)
        }
        self.init(
            key: key, provider: n["provider"]?.string.flatMap(ProviderKind.init(rawValue:)) ?? .replay,
            model: n["model"]?.string, apiKeyEnv: n["api_key_env"]?.string, baseURL: n["base_url"]?.string,
            script: n["script"]?.string, contextTokens: n["context_tokens"]?.int, maxTokens: n["max_tokens"]?.int,
            price: price)
    }
}

extension AgentSpec {
    init(validated n: ConfigNode, name: AgentName) {
        let r = n["restart"], p = n["policy"], t = n["tools"], l = n["limits"]
        let restart = RestartPolicy(), policy = PolicySpec(), tools = ToolsSpec(), limits = Limits()
        self.init(
            name: name, instructions: n["instructions"]?.string, model: n["model"]?.string,
            prompt: n["prompt"]?.string, run: n["run"]?.string, thread: n["thread"]?.string,
            every: n["every"]?.duration, replicas: n["replicas"]?.int ?? 1, env: n["env"]?.stringMap ?? [:],
            restart: RestartPolicy(
                policy: r?["policy"]?.string.flatMap(RestartPolicy.Mode.init(rawValue:)) ?? restart.policy,
                backoff: r?["backoff"]?.duration ?? restart.backoff,
                maxBackoff: r?["max_backoff"]?.duration ?? restart.maxBackoff,
                maxRestarts: r?["max_restarts"]?.int ?? restart.maxRestarts,
                window: r?["window"]?.duration ?? restart.window),
            policy: PolicySpec(
                read: p?["read"]?.strings ?? policy.read, write: p?["write"]?.strings ?? policy.write,
                deny: p?["deny"]?.strings ?? policy.deny, shell: p?["shell"]?.bool ?? policy.shell,
                network: p?["network"]?.bool ?? policy.network,
                createTools: p?["create_tools"]?.bool ?? policy.createTools),
            tools: ToolsSpec(
                allow: t?["allow"]?.strings ?? tools.allow, deny: t?["deny"]?.strings ?? tools.deny,
                trust: t?["trust"]?.string.flatMap(ToolsSpec.Trust.init(rawValue:)) ?? tools.trust,
                maxDirect: t?["max_direct"]?.int ?? tools.maxDirect, budgetKB: t?["budget_kb"]?.int ?? tools.budgetKB),
            limits: Limits(
                maxTurns: l?["max_turns"]?.int ?? limits.maxTurns,
                maxToolCalls: l?["max_tool_calls"]?.int ?? limits.maxToolCalls,
                maxUSD: l?["max_usd"]?.number ?? limits.maxUSD),
            budget: n["budget"].map { Budget(usd: $0["usd"]?.number ?? 0) },
            stallAfter: n["stall_after"]?.duration ?? AgentSpec(name: name).stallAfter,
            serve: n["serve"].map { s in
                let d = ServeSpec()
                return ServeSpec(
                    port: s["port"]?.int ?? d.port, min: s["min"]?.int ?? d.min,
                    idleTimeout: s["idle_timeout"]?.duration ?? d.idleTimeout,
                    concurrency: s["concurrency"]?.int ?? d.concurrency, queue: s["queue"]?.int ?? d.queue)
            })
    }
}
