public import AxonCore

/// The fleet as its supervisor sees it: what `axon ps` shows, the fields of the supervisor's `status` line
/// (docs/fleet.md). The supervisor encodes it, the CLI decodes it; unknown fields are ignored both ways.
public struct FleetStatus: Sendable, Equatable {
    /// What an instance is doing.
    public enum State: String, Sendable, Equatable, CaseIterable {
        /// Being spawned, or its process runs but its session does not answer yet.
        case starting
        /// A persistent agent whose session serves and runs no request.
        case idle
        /// Its session runs a request (a persistent agent's, a prompt's or a script's).
        case working
        /// Its last request ended `looping` (the model repeated one tool call), and no other runs.
        case looping
        /// Its request has made no progress (no trace entry) for the agent's `stall_after`.
        case stalled
        /// Ended; the restart policy restarts it after a delay.
        case backoff
        /// A prompt or script run exited 0 (its `every:` may run it again).
        case completed
        /// Ended and not restarted by its policy, stopped, over budget, or not started yet.
        case stopped
        /// The restart budget is spent; only `axon restart` brings it back.
        case fatal
        /// Its program could not be started; only `axon restart` tries again.
        case execFailed = "exec-failed"
    }

    public struct Instance: Sendable, Equatable {
        public var id: String
        public var agent: String
        public var replica: Int
        /// `persistent`, `prompt` or `script`.
        public var kind: String
        public var state: State
        public var pid: Int32?
        /// Since its current process started (while one runs).
        public var uptime: Duration?
        /// Restarts by the policy since the supervisor started.
        public var restarts: Int
        /// Its current session, once it reported on its channel.
        public var session: String?
        /// The agent's `thread:`, if it has one.
        public var thread: String?
        /// Until a pending restart or the next scheduled run.
        public var next: Duration?
        /// How its last run ended (`exited 1`, `killed by SIGKILL`, …), and why it is fatal, exec-failed or
        /// stopped by a budget.
        public var lastExit: String?
        public var reason: String?
        /// The last hot-load generation its session acked on its channel (nil: none yet, or no broadcast).
        public var generation: Int?
        /// Tokens and USD its current session has used, as it reported them.
        public var tokens: Int?
        public var costUSD: Double?

        public init(id: String, agent: String, replica: Int, kind: String, state: State, restarts: Int) {
            self.id = id
            self.agent = agent
            self.replica = replica
            self.kind = kind
            self.state = state
            self.restarts = restarts
        }
    }

    /// `starting` (still launching the instances), `running`, `stopping`, `stopped`.
    public var phase: String
    public var pid: Int32
    public var uptime: Duration
    /// How long a stop gives agents after SIGTERM (`axon up --stop-timeout`).
    public var stopTimeout: Duration?
    public var instances: [Instance]
    /// Why the last change to fleet.yaml was not applied (`file:line:col: message` each; empty when it was).
    public var configProblems: [String] = []

    public init(phase: String, pid: Int32, uptime: Duration, instances: [Instance]) {
        self.phase = phase
        self.pid = pid
        self.uptime = uptime
        self.instances = instances
    }

    // MARK: wire

    public var fields: [String: JSONValue] {
        [
            "phase": .string(phase), "pid": .int(Int(pid)), "uptime_s": Self.seconds(uptime),
            "stop_timeout_s": Self.seconds(stopTimeout),
            "instances": .array(instances.map(\.json)),
            "config_problems": .array(configProblems.map { .string($0) }),
        ]
    }

    public init?(fields: [String: JSONValue]) {
        guard let phase = fields["phase"]?.stringValue, let pid = fields["pid"]?.intValue,
            let instances = fields["instances"]?.arrayValue
        else { return nil }
        self.phase = phase
        self.pid = Int32(pid)
        uptime = Self.duration(fields["uptime_s"]) ?? .zero
        stopTimeout = Self.duration(fields["stop_timeout_s"])
        self.instances = instances.compactMap(Instance.init(json:))
        configProblems = fields["config_problems"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    static func seconds(_ d: Duration?) -> JSONValue {
        guard let d else { return .null }
        let ms = d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
        return .double(Double(ms) / 1000)
    }

    static func duration(_ value: JSONValue?) -> Duration? {
        value?.doubleValue.map { .milliseconds(Int64(($0 * 1000).rounded())) }
    }
}

extension FleetStatus.Instance {
    public var json: JSONValue {
        .object([
            "id": .string(id), "agent": .string(agent), "replica": .int(replica), "kind": .string(kind),
            "state": .string(state.rawValue), "pid": pid.map { .int(Int($0)) } ?? .null,
            "uptime_s": FleetStatus.seconds(uptime), "restarts": .int(restarts),
            "session": JSONValue(optional: session),
            "thread": JSONValue(optional: thread), "next_s": FleetStatus.seconds(next),
            "last_exit": JSONValue(optional: lastExit),
            "reason": JSONValue(optional: reason), "generation": generation.map { .int($0) } ?? .null,
            "tokens": tokens.map { .int($0) } ?? .null, "cost_usd": costUSD.map { .double($0) } ?? .null,
        ])
    }

    public init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue, let agent = json["agent"]?.stringValue,
            let replica = json["replica"]?.intValue,
            let state = json["state"]?.stringValue.flatMap(FleetStatus.State.init)
        else { return nil }
        self.init(
            id: id, agent: agent, replica: replica, kind: json["kind"]?.stringValue ?? "", state: state,
            restarts: json["restarts"]?.intValue ?? 0)
        pid = json["pid"]?.intValue.map { Int32($0) }
        uptime = FleetStatus.duration(json["uptime_s"])
        session = json["session"]?.stringValue
        thread = json["thread"]?.stringValue
        next = FleetStatus.duration(json["next_s"])
        lastExit = json["last_exit"]?.stringValue
        reason = json["reason"]?.stringValue
        generation = json["generation"]?.intValue
        tokens = json["tokens"]?.intValue
        costUSD = json["cost_usd"]?.doubleValue
    }
}
