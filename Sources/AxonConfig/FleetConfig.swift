public import AxonCore

/// A loaded, validated `fleet.yaml`: immutable values with every default applied.
///
/// Produced only by `FleetLoader`, which reports every problem with `file:line:col`. `defaults:` has already been
/// merged under every agent, so consumers read `agents[name]` and nothing else.
public struct FleetConfig: Sendable, Equatable {
    public var version: Int
    /// Models by their key under `models:`.
    public var models: [String: ModelSpec]
    /// Agents by name, `defaults:` merged in.
    public var agents: [AgentName: AgentSpec]
    /// Agent names in the order the file lists them.
    public var agentOrder: [AgentName]
    public var knowledge: KnowledgeConfig
    public var mcp: [String: MCPServerSpec]
    public var watch: WatchConfig
    /// The whole fleet's spend cap across sessions (`budget:` at the top level).
    public var budget: Budget?
    /// How `axon up` rotates the logs in `.axon/logs/` (`logs:` at the top level).
    public var logs: LogsConfig
    /// Where the configuration came from; nil for the built-in configuration (no fleet.yaml).
    public var source: ConfigSource?
    /// Valid keys this version does not act on yet, each located (`'every' is accepted but not used yet…`).
    /// Commands print them as warnings; they never change the exit status.
    public var warnings: [ConfigDiagnostic] = []

    public init(
        version: Int = 1, models: [String: ModelSpec] = [:], agents: [AgentName: AgentSpec] = [:],
        agentOrder: [AgentName] = [], knowledge: KnowledgeConfig = .init(), mcp: [String: MCPServerSpec] = [:],
        watch: WatchConfig = .init(), budget: Budget? = nil, logs: LogsConfig = .init(), source: ConfigSource? = nil
    ) {
        self.version = version
        self.models = models
        self.agents = agents
        self.agentOrder = agentOrder
        self.knowledge = knowledge
        self.mcp = mcp
        self.watch = watch
        self.budget = budget
        self.logs = logs
        self.source = source
    }

    /// The configuration used when the repo has no fleet.yaml: one agent, `default`, on the default model.
    public static let builtIn = FleetConfig(
        agents: [AgentName.default: AgentSpec(name: .default)], agentOrder: [AgentName.default])

    /// The agent a command uses when it names none: `default` if defined, else the first agent in the file.
    public var defaultAgent: AgentName? {
        agents[AgentName.default] != nil ? AgentName.default : agentOrder.first
    }
}

/// The file a configuration was read from, and its bytes (hashed into `session.start.config_hash`).
public struct ConfigSource: Sendable, Equatable {
    public var path: String
    public var text: String
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// The API family a model speaks.
public enum ProviderKind: String, Sendable, Equatable, CaseIterable, Codable {
    /// Offline, deterministic, scripted (see docs/replay-format.md).
    case replay
    /// OpenAI Chat Completions and compatible servers.
    case openai
    /// Anthropic Messages.
    case anthropic
}

/// One entry under `models:`.
public struct ModelSpec: Sendable, Equatable {
    /// The key under `models:` (`offline`, `default`, …).
    public var key: String
    public var provider: ProviderKind
    /// The provider's model id (`gpt-4.1-mini`); for replay, a display name.
    public var model: String?
    /// The environment variable holding the API key.
    public var apiKeyEnv: String?
    public var baseURL: String?
    /// Replay only: the script file, relative to the repo root.
    public var script: String?
    public var contextTokens: Int?
    public var maxTokens: Int?
    public var price: Price?

    public init(
        key: String, provider: ProviderKind, model: String? = nil, apiKeyEnv: String? = nil, baseURL: String? = nil,
        script: String? = nil, contextTokens: Int? = nil, maxTokens: Int? = nil, price: Price? = nil
    ) {
        self.key = key
        self.provider = provider
        self.model = model
        self.apiKeyEnv = apiKeyEnv
        self.baseURL = baseURL
        self.script = script
        self.contextTokens = contextTokens
        self.maxTokens = maxTokens
        self.price = price
    }
}

/// USD per million tokens.
public struct Price: Sendable, Equatable {
    public var input: Double
    public var output: Double
    public var cacheRead: Double
    public var cacheWrite: Double
    public init(input: Double = 0, output: Double = 0, cacheRead: Double = 0, cacheWrite: Double = 0) {
        self.input = input
        self.output = output
        self.cacheRead = cacheRead
        self.cacheWrite = cacheWrite
    }

    /// The cost of `usage` at this price.
    public func cost(of usage: Usage) -> Double {
        (Double(usage.inputTokens) * input + Double(usage.outputTokens) * output
            + Double(usage.cacheReadTokens) * cacheRead + Double(usage.cacheWriteTokens) * cacheWrite) / 1_000_000
    }
}

public struct KnowledgeConfig: Sendable, Equatable {
    /// The system prompt's knowledge budget in KiB; beyond it the prompt carries an index.
    public var budgetKB: Int
    public init(budgetKB: Int = 64) { self.budgetKB = budgetKB }
}

/// An MCP server (same shape as `.agents/mcp.json` `mcpServers`).
public struct MCPServerSpec: Sendable, Equatable {
    public var command: String?
    public var args: [String]
    public var env: [String: String]
    public var url: String?
    public init(command: String? = nil, args: [String] = [], env: [String: String] = [:], url: String? = nil) {
        self.command = command
        self.args = args
        self.env = env
        self.url = url
    }
}

public struct LogsConfig: Sendable, Equatable {
    /// Bytes past which a log is rotated.
    public var maxSize: Int
    /// Rotated files kept per log; 0 keeps none.
    public var keep: Int
    /// 10 MiB and three rotated files: at most about 40 MiB per log.
    public init(maxSize: Int = 10 << 20, keep: Int = 3) {
        self.maxSize = maxSize
        self.keep = keep
    }
}

public struct WatchConfig: Sendable, Equatable {
    /// More roots to watch, relative to the repo.
    public var extra: [String]
    public init(extra: [String] = []) { self.extra = extra }
}
