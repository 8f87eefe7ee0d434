public import AxonCore

/// One agent under `agents:`, with `defaults:` merged in and every default applied.
public struct AgentSpec: Sendable, Equatable {
    public var name: AgentName
    public var instructions: String?
    /// Key into `FleetConfig.models`; nil means the default model (chosen from the environment).
    public var model: String?
    /// One request per session (`prompt`), or a script per session (`run`); neither means persistent.
    public var prompt: String?
    public var run: String?
    public var thread: String?
    /// Re-run cadence for prompt/run agents.
    public var every: Duration?
    public var replicas: Int
    public var env: [String: String]
    public var restart: RestartPolicy
    public var policy: PolicySpec
    public var tools: ToolsSpec
    public var limits: Limits
    public var budget: Budget?
    /// A request with no new trace entry for this long is stalled (`axon ps`).
    public var stallAfter: Duration
    public var serve: ServeSpec?

    public init(
        name: AgentName, instructions: String? = nil, model: String? = nil, prompt: String? = nil,
        run: String? = nil, thread: String? = nil, every: Duration? = nil, replicas: Int = 1,
        env: [String: String] = [:], restart: RestartPolicy = .init(), policy: PolicySpec = .init(),
        tools: ToolsSpec = .init(), limits: Limits = .init(), budget: Budget? = nil,
        stallAfter: Duration = .seconds(600), serve: ServeSpec? = nil
    ) {
        self.name = name
        self.instructions = instructions
        self.model = model
        self.prompt = prompt
        self.run = run
        self.thread = thread
        self.every = every
        self.replicas = replicas
        self.env = env
        self.restart = restart
        self.policy = policy
        self.tools = tools
        self.limits = limits
        self.budget = budget
        self.stallAfter = stallAfter
        self.serve = serve
    }
}

public struct RestartPolicy: Sendable, Equatable {
    public enum Mode: String, Sendable, Equatable, CaseIterable { case always, onFailure = "on-failure", never }
    public var policy: Mode
    public var backoff: Duration
    public var maxBackoff: Duration
    public var maxRestarts: Int
    public var window: Duration
    public init(
        policy: Mode = .onFailure, backoff: Duration = .milliseconds(100), maxBackoff: Duration = .seconds(30),
        maxRestarts: Int = 5, window: Duration = .seconds(300)
    ) {
        self.policy = policy
        self.backoff = backoff
        self.maxBackoff = maxBackoff
        self.maxRestarts = maxRestarts
        self.window = window
    }
}

/// What an agent may read, write and run. Globs are gitignore-style, relative to the repo root.
public struct PolicySpec: Sendable, Equatable {
    public var read: [String]
    public var write: [String]
    public var deny: [String]
    public var shell: Bool
    public var network: Bool
    public var createTools: Bool
    public init(
        read: [String] = ["**"], write: [String] = ["data/**", ".agents/knowledge/**"], deny: [String] = [],
        shell: Bool = false, network: Bool = false, createTools: Bool = false
    ) {
        self.read = read
        self.write = write
        self.deny = deny
        self.shell = shell
        self.network = network
        self.createTools = createTools
    }
}

/// Which tools the model sees.
public struct ToolsSpec: Sendable, Equatable {
    public enum Trust: String, Sendable, Equatable, CaseIterable { case auto, review }
    public var allow: [String]
    public var deny: [String]
    public var trust: Trust
    /// At most this many tools are offered in the request itself (OpenAI accepts 128); the rest through
    /// `search_tools`.
    public var maxDirect: Int
    /// The offered tools' schemas (name, description, input schema as JSON) fit in this many KiB; past it, the
    /// rest are found through `search_tools`.
    public var budgetKB: Int
    public init(
        allow: [String] = ["*"], deny: [String] = [], trust: Trust = .auto, maxDirect: Int = 100,
        budgetKB: Int = 64
    ) {
        self.allow = allow
        self.deny = deny
        self.trust = trust
        self.maxDirect = maxDirect
        self.budgetKB = budgetKB
    }
}

/// Per-request caps.
public struct Limits: Sendable, Equatable {
    public var maxTurns: Int
    public var maxToolCalls: Int
    /// Per request and per session; nil means no cap.
    public var maxUSD: Double?
    public init(maxTurns: Int = 50, maxToolCalls: Int = 100, maxUSD: Double? = nil) {
        self.maxTurns = maxTurns
        self.maxToolCalls = maxToolCalls
        self.maxUSD = maxUSD
    }
}

/// A spend cap across sessions (an agent's, or the fleet's), enforced by the fleet.
public struct Budget: Sendable, Equatable {
    public var usd: Double
    public init(usd: Double) { self.usd = usd }
}

public struct ServeSpec: Sendable, Equatable {
    public var port: Int
    /// 0 scales to zero (the default); 1 keeps one session warm.
    public var min: Int
    public var idleTimeout: Duration
    /// The most requests (each on its own thread) the served session runs at once.
    public var concurrency: Int
    /// How many requests may wait for one busy thread before more are refused (429).
    public var queue: Int
    public init(
        port: Int = 8080, min: Int = 0, idleTimeout: Duration = .seconds(600), concurrency: Int = 16, queue: Int = 16
    ) {
        self.port = port
        self.min = min
        self.idleTimeout = idleTimeout
        self.concurrency = concurrency
        self.queue = queue
    }
}
