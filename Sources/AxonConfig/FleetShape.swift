import AxonCore

/// The shape of `fleet.yaml`: every key, its type, its default and what it means.
///
/// This is the single source for validation and for `docs/fleet.schema.json`; `docs/fleet-yaml.md` explains the
/// same keys in prose. Enumerations come from the Swift enums so a new case cannot be forgotten here.
enum FleetShape {
    // What will act on the keys this version accepts but ignores (`Field.pendingUser`).
    static let byFleet = "the fleet supervisor (`axon up`)"
    static let byServe = "`axon up` (serving agents under the fleet)"

    static let nonNegative = Shape.integer(min: 0, max: .max)
    static let positive = Shape.integer(min: 1, max: .max)

    static let price = ObjectShape(
        "Prices in USD per million tokens, used to compute cost_usd.",
        [
            Field("input", .number, "USD per million input tokens.", default: 0),
            Field("output", .number, "USD per million output tokens.", default: 0),
            Field("cache_read", .number, "USD per million tokens read from the prompt cache.", default: 0),
            Field("cache_write", .number, "USD per million tokens written to the prompt cache.", default: 0),
        ])

    static let model = ObjectShape(
        ref: "model", "A model the agents can name in their `model:` key.",
        [
            Field(
                "provider", .choice(ProviderKind.allCases.map(\.rawValue), noun: "provider"),
                "The API family: replay (offline, scripted), openai (and compatible servers) or anthropic.",
                required: true),
            Field("model", .string, "The provider's model id (gpt-4.1-mini); required for openai and anthropic."),
            Field("api_key_env", .string, "The environment variable holding the API key."),
            Field("base_url", .string, "The API base URL, for compatible servers and proxies."),
            Field("script", .string, "Replay only: the replay script, relative to the repo root."),
            Field("context_tokens", positive, "The model's context window in tokens."),
            Field("max_tokens", positive, "The most tokens one model call may generate."),
            Field("price", .object(price), "Prices in USD per million tokens."),
        ])

    static let restart = ObjectShape(
        "When and how fast the fleet restarts an agent that exited.",
        [
            Field(
                "policy", .choice(RestartPolicy.Mode.allCases.map(\.rawValue), noun: "restart policy"),
                "always, on-failure (a non-zero exit) or never.", default: "on-failure"),
            Field("backoff", .duration, "The first restart delay; it doubles after each restart.", default: "100ms"),
            Field("max_backoff", .duration, "The longest restart delay.", default: "30s"),
            Field("max_restarts", nonNegative, "Restarts allowed within `window` before giving up.", default: 5),
            Field("window", .duration, "The sliding window `max_restarts` counts over.", default: "5m"),
        ])

    static let policy = ObjectShape(
        "What the agent may read, write and run. Globs are relative to the repo root.",
        [
            Field("read", .list(.glob), "Globs the agent may read.", default: ["**"]),
            Field("write", .list(.glob), "Globs the agent may write.", default: ["data/**", ".agents/knowledge/**"]),
            Field(
                "deny", .list(.glob), "Globs the agent may neither read nor write (wins over read and write).",
                default: []),
            Field("shell", .boolean, "Whether the run_shell tool is available.", default: false),
            Field("network", .boolean, "Whether tools may use the network.", default: false),
            Field("create_tools", .boolean, "Whether the agent may write new tools into src/tools/.", default: false),
        ])

    static let tools = ObjectShape(
        "Which tools the model sees.",
        [
            Field("allow", .list(.glob), "Tool name patterns the model may call.", default: ["*"]),
            Field("deny", .list(.glob), "Tool name patterns hidden from the model (wins over allow).", default: []),
            Field(
                "trust", .choice(ToolsSpec.Trust.allCases.map(\.rawValue), noun: "tools trust mode"),
                "auto offers the tools an agent writes at once; review quarantines each version until a human "
                    + "runs `axon tools approve NAME`.", default: "auto"),
            Field(
                "max_direct", .integer(min: 2, max: 128),
                "At most this many tools go into each model request; the rest are found with search_tools.",
                default: 100),
            Field(
                "budget_kb", positive,
                "The tool schemas in each model request fit in this many KiB; the rest are found with search_tools.",
                default: 64),
        ])

    static let limits = ObjectShape(
        "Caps on one request; reaching one ends the request with status capped.",
        [
            Field("max_turns", positive, "Model calls per request.", default: 50),
            Field("max_tool_calls", nonNegative, "Tool calls per request.", default: 100),
            Field("max_usd", .number, "Spend per request and per session in USD; unset means no cap."),
        ])

    static let budget = ObjectShape(
        "A spend cap across sessions, counted from the traces in data/sessions/ and enforced by the fleet.",
        [Field("usd", .number, "The cap in USD.", required: true)])

    static let serve = ObjectShape(
        "Serve this agent over HTTP while the fleet runs.",
        [
            Field("port", .integer(min: 1, max: 65535), "The TCP port.", default: 8080),
            Field(
                "min", .integer(min: 0, max: 1), "0 scales to zero when idle; 1 keeps one session warm.",
                default: 0, pending: byServe),
            Field(
                "idle_timeout", .duration, "Idle time before a session is stopped (with min: 0).", default: "10m",
                pending: byServe),
            Field(
                "concurrency", .integer(min: 1, max: 1024),
                "The most requests run at once, each on its own thread (one thread never runs two).", default: 16),
            Field(
                "queue", .integer(min: 0, max: 10000),
                "Requests that may wait for one busy thread; more are refused with 429 and retry-after.", default: 16),
        ])

    static let agent = ObjectShape(
        ref: "agent", "An agent. Every key is optional; `defaults:` is merged under it.",
        [
            Field("instructions", .string, "Text added to the agent's system prompt."),
            Field("model", .string, "A key under `models:`; unset picks a model from the environment."),
            Field("prompt", .string, "Run one request with this prompt per session (excludes `run`)."),
            Field("run", .string, "Run this script per session (excludes `prompt`)."),
            Field("thread", .string, "The named thread the agent's requests continue."),
            Field("every", .duration, "Re-run cadence for prompt and run agents."),
            Field("replicas", nonNegative, "How many copies the fleet runs; 0 disables the agent.", default: 1),
            Field(
                "env", .map(key: .any, value: .text), "Extra environment variables for the agent's process.",
                default: [:]),
            Field("restart", .object(restart), "When and how fast the fleet restarts the agent."),
            Field("policy", .object(policy), "What the agent may read, write and run."),
            Field("tools", .object(tools), "Which tools the model sees."),
            Field("limits", .object(limits), "Caps on one request."),
            Field(
                "budget", .object(budget),
                "The agent's spend cap across sessions; the fleet stops the agent once its traces reach it."),
            Field(
                "stall_after", .duration,
                "A request with no new trace entry for this long shows as stalled in `axon ps`.", default: "10m"),
            Field("serve", .object(serve), "Serve the agent over HTTP (`axon serve`)."),
        ])

    static let mcpServer = ObjectShape(
        "An MCP server: a command to spawn (stdio) or a URL.",
        [
            Field("command", .string, "The executable to spawn."),
            Field("args", .list(.string), "Its arguments.", default: []),
            Field("env", .map(key: .any, value: .text), "Extra environment variables.", default: [:]),
            Field("url", .string, "The server's URL, instead of a command."),
        ])

    static let knowledge = ObjectShape(
        "How knowledge files enter the system prompt.",
        [
            Field(
                "budget_kb", nonNegative, "Knowledge budget in KiB; beyond it the prompt carries an index.",
                default: 64)
        ])

    static let watch = ObjectShape(
        "What the watcher covers beyond the standard roots.",
        [Field("extra", .list(.glob), "More repo-relative roots to watch.", default: [])])

    static let logs = ObjectShape(
        "How the fleet rotates the agents' logs in .axon/logs/.",
        [
            Field(
                "max_size", .size(min: 4 << 10),
                "A log is rotated once it reaches this size: bytes, or a number and KiB, MiB or GiB (at least 4KiB).",
                default: "10MiB"),
            Field(
                "keep", .integer(min: 0, max: 100),
                "Rotated files kept per log (NAME.N.log.1 newest …); 0 keeps none: the log is cut.", default: 3),
        ])

    static let root = ObjectShape(
        "axon fleet.yaml: the models and agents of a repository.",
        [
            Field("version", .integer(min: 1, max: 1), "The fleet.yaml format version.", default: 1),
            Field("models", .optional(.map(key: .any, value: .object(model))), "Models by key.", default: [:]),
            Field("defaults", .optional(.object(agent)), "Agent keys merged under every agent."),
            Field("knowledge", .optional(.object(knowledge)), "Knowledge settings."),
            Field(
                "agents", .optional(.map(key: .agentName, value: .optional(.object(agent)))),
                "Agents by name; none means one built-in agent, `default`."),
            Field(
                "mcp", .optional(.map(key: .any, value: .object(mcpServer))),
                "MCP servers by name (the shape of .agents/mcp.json mcpServers).", default: [:]),
            Field("watch", .optional(.object(watch)), "Watcher settings."),
            Field(
                "budget", .optional(.object(budget)),
                "The whole fleet's spend cap across sessions; the fleet stops every agent once its traces reach it."),
            Field("logs", .optional(.object(logs)), "Log rotation of the agents' logs in .axon/logs/."),
        ])
}
