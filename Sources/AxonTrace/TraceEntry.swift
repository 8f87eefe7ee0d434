public import AxonCore

/// One line of a session trace, as the rest of axon sees it.
///
/// The bytes on disk are `TraceRecord`'s business (versioned, flat, fixed key order); refactoring this type must
/// never change them. See docs/trace-format.md.
public struct TraceEntry: Sendable, Equatable {
    /// 1, 2, 3… within the session, no gaps.
    public var seq: Int
    public var ts: Timestamp
    public var session: SessionID
    /// Set on lines inside a request.
    public var thread: ThreadName?
    public var request: RequestID?
    public var event: TraceEvent

    public init(
        seq: Int, ts: Timestamp, session: SessionID, thread: ThreadName? = nil, request: RequestID? = nil,
        event: TraceEvent
    ) {
        self.seq = seq
        self.ts = ts
        self.session = session
        self.thread = thread
        self.request = request
        self.event = event
    }
}

/// What happened. Each case is one `type` of docs/trace-format.md.
public enum TraceEvent: Sendable, Equatable {
    /// `session.start`
    case sessionStart(agent: AgentName, shape: SessionShape, pid: Int, host: String, axon: String, configHash: String)
    /// `request.start`; `threadSeq` is the request's position in its named thread (1-based), which orders a
    /// thread across sessions when its index is rebuilt.
    case requestStart(prompt: String, threadSeq: Int? = nil)
    /// `message`
    case message(Message)
    /// `model.call`: exactly one per completed API call.
    case modelCall(provider: String, model: String, durationMS: Int, billing: Billing)
    /// `tool.call`
    case toolCall(tool: String, callID: String, arguments: JSONValue)
    /// `tool.result`
    case toolResult(tool: String, callID: String, ok: Bool, content: String, durationMS: Int)
    /// `knowledge.loaded`
    case knowledgeLoaded(files: [KnowledgeFile], truncated: Bool)
    /// `capabilities.reloaded`: a new capability generation applied at a safe point (names per kind) and the
    /// files that did not validate (their last good version stays active).
    case capabilitiesReloaded(
        generation: Int, added: CapabilityNames, changed: CapabilityNames, removed: CapabilityNames, errors: [String])
    /// `compaction`
    case compaction(replaces: [RequestID], summary: String)
    /// `error`: a failed API attempt, a refused tool, a cap.
    case error(code: String, message: String)
    /// `request.end`
    case requestEnd(status: RequestStatus, usage: Usage, costUSD: Double)
    /// `session.end`
    case sessionEnd(reason: String, requests: Int, usage: Usage, costUSD: Double)

    /// The `type` string written on disk.
    public var type: String {
        switch self {
        case .sessionStart: "session.start"
        case .requestStart: "request.start"
        case .message: "message"
        case .modelCall: "model.call"
        case .toolCall: "tool.call"
        case .toolResult: "tool.result"
        case .knowledgeLoaded: "knowledge.loaded"
        case .capabilitiesReloaded: "capabilities.reloaded"
        case .compaction: "compaction"
        case .error: "error"
        case .requestEnd: "request.end"
        case .sessionEnd: "session.end"
        }
    }
}

/// How a session was started.
public enum SessionShape: String, Sendable, Equatable, CaseIterable {
    case interactive, script, oneshot, serve, fleet
}

/// How a request ended.
public enum RequestStatus: String, Sendable, Equatable, CaseIterable {
    case ok, error, cancelled, looping, capped
}

/// Capability names per kind, as `capabilities.reloaded` lists them: tool names, knowledge paths, skill names,
/// MCP server names.
public struct CapabilityNames: Sendable, Equatable {
    public var tools: [String]
    public var knowledge: [String]
    public var skills: [String]
    public var mcp: [String]
    public init(tools: [String] = [], knowledge: [String] = [], skills: [String] = [], mcp: [String] = []) {
        self.tools = tools
        self.knowledge = knowledge
        self.skills = skills
        self.mcp = mcp
    }
    public var isEmpty: Bool { tools.isEmpty && knowledge.isEmpty && skills.isEmpty && mcp.isEmpty }

    /// `["tool hello", "skill release", …]`: each name with its kind, for one-line summaries.
    public var labelled: [String] {
        tools.map { "tool \($0)" } + skills.map { "skill \($0)" } + mcp.map { "mcp \($0)" }
            + knowledge.map { "knowledge \($0)" }
    }
}

/// A knowledge file rendered into a system prompt.
public struct KnowledgeFile: Sendable, Equatable {
    public var path: String
    public var hash: String
    public var bytes: Int
    public init(path: String, hash: String, bytes: Int) {
        self.path = path
        self.hash = hash
        self.bytes = bytes
    }
}
