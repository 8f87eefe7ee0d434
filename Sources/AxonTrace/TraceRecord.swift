public import AxonCore

/// One trace line exactly as it is on disk (schema version 1): flat, snake_case, optional fields omitted.
///
/// This is the wire type of R12. `TraceEntry` is the domain type; the two meet only in `TraceRecord+Mapping`.
/// Renaming or reshaping `TraceEntry` therefore cannot change bytes on disk: only this file, the encoder in
/// `TraceRecord+Encoding` and `docs/trace.schema.json` describe them, and the golden tests pin them.
///
/// Versioning: `v` changes only when an existing field changes meaning or presence. New `type`s and new
/// optional fields are added without a bump; a reader skips types it does not know and ignores unknown fields.
public struct TraceRecord: Sendable, Equatable {
    /// The schema version this build writes and the highest it reads.
    public static let currentVersion = 1

    public var v: Int = TraceRecord.currentVersion
    public var seq: Int
    public var ts: String
    public var type: String
    public var session: String
    public var thread: String?
    public var request: String?

    // session.start
    public var agent: String?
    public var shape: String?
    public var pid: Int?
    public var host: String?
    public var axon: String?
    public var configHash: String?
    // request.start
    public var prompt: String?
    public var threadSeq: Int?
    // message
    public var role: String?
    public var content: String?
    public var toolCalls: [WireToolCall]?
    public var callID: String?
    public var isError: Bool?
    // model.call
    public var provider: String?
    public var model: String?
    public var durationMS: Int?
    public var billing: WireBilling?
    // tool.call / tool.result
    public var tool: String?
    public var arguments: JSONValue?
    public var ok: Bool?
    // knowledge.loaded
    public var files: [WireKnowledgeFile]?
    public var truncated: Bool?
    // capabilities.reloaded
    public var generation: Int?
    public var added: WireCapabilityNames?
    public var changed: WireCapabilityNames?
    public var removed: WireCapabilityNames?
    public var errors: [String]?
    // compaction
    public var replaces: [String]?
    public var summary: String?
    // error
    public var code: String?
    public var message: String?
    // request.end / session.end
    public var status: String?
    public var usage: WireUsage?
    public var costUSD: Double?
    public var reason: String?
    public var requests: Int?

    /// A record with only the header fields set; payload fields are filled by the mapping.
    public init(seq: Int, ts: String, type: String, session: String, thread: String? = nil, request: String? = nil) {
        self.seq = seq
        self.ts = ts
        self.type = type
        self.session = session
        self.thread = thread
        self.request = request
    }
}

/// `tool_calls[]` of an assistant `message`.
public struct WireToolCall: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var arguments: JSONValue
}

/// `capabilities.reloaded.added` / `changed` / `removed`: names per kind, every key always present.
public struct WireCapabilityNames: Sendable, Equatable, Codable {
    public var tools: [String]
    public var knowledge: [String]
    public var skills: [String]
    public var mcp: [String]
}

/// `knowledge.loaded.files[]`.
public struct WireKnowledgeFile: Sendable, Equatable, Codable {
    public var path: String
    public var hash: String
    public var bytes: Int
}

/// `usage` of `request.end` / `session.end`: the four token counters.
public struct WireUsage: Sendable, Equatable, Codable {
    public var inputTokens: Int
    public var outputTokens: Int
    public var cacheReadTokens: Int
    public var cacheWriteTokens: Int

    enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens", outputTokens = "output_tokens"
        case cacheReadTokens = "cache_read_tokens", cacheWriteTokens = "cache_write_tokens"
    }

    init(_ u: Usage) {
        inputTokens = u.inputTokens
        outputTokens = u.outputTokens
        cacheReadTokens = u.cacheReadTokens
        cacheWriteTokens = u.cacheWriteTokens
    }

    var domain: Usage {
        Usage(
            inputTokens: inputTokens, outputTokens: outputTokens, cacheReadTokens: cacheReadTokens,
            cacheWriteTokens: cacheWriteTokens)
    }
}

/// `billing` of `model.call`: the four token counters and the call's price.
public struct WireBilling: Sendable, Equatable, Codable {
    public var inputTokens: Int
    public var outputTokens: Int
    public var cacheReadTokens: Int
    public var cacheWriteTokens: Int
    public var costUSD: Double

    enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens", outputTokens = "output_tokens"
        case cacheReadTokens = "cache_read_tokens", cacheWriteTokens = "cache_write_tokens", costUSD = "cost_usd"
    }

    init(_ b: Billing) {
        inputTokens = b.usage.inputTokens
        outputTokens = b.usage.outputTokens
        cacheReadTokens = b.usage.cacheReadTokens
        cacheWriteTokens = b.usage.cacheWriteTokens
        costUSD = b.costUSD
    }

    var domain: Billing {
        Billing(
            usage: Usage(
                inputTokens: inputTokens, outputTokens: outputTokens, cacheReadTokens: cacheReadTokens,
                cacheWriteTokens: cacheWriteTokens),
            costUSD: costUSD)
    }
}

/// Thrown while decoding a line whose `v` is newer than `TraceRecord.currentVersion`.
struct UnsupportedTraceVersion: Error {
    var version: Int
}

extension TraceRecord: Decodable {
    enum CodingKeys: String, CodingKey {
        case v, seq, ts, type, session, thread, request
        case agent, shape, pid, host, axon, configHash = "config_hash"
        case prompt
        case threadSeq = "thread_seq"
        case role, content, toolCalls = "tool_calls", callID = "call_id", isError = "is_error"
        case provider, model, durationMS = "duration_ms", billing
        case tool, arguments, ok
        case files, truncated
        case generation, added, changed, removed, errors
        case replaces, summary
        case code, message
        case status, usage, costUSD = "cost_usd", reason, requests
    }

    /// Decodes `v` first so a line from a newer axon fails as "unsupported version", not as a confusing
    /// type mismatch in some field whose meaning changed.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        v = try c.decode(Int.self, forKey: .v)
        guard v <= TraceRecord.currentVersion else { throw UnsupportedTraceVersion(version: v) }
        seq = try c.decode(Int.self, forKey: .seq)
        ts = try c.decode(String.self, forKey: .ts)
        type = try c.decode(String.self, forKey: .type)
        session = try c.decode(String.self, forKey: .session)
        thread = try c.decodeIfPresent(String.self, forKey: .thread)
        request = try c.decodeIfPresent(String.self, forKey: .request)
        agent = try c.decodeIfPresent(String.self, forKey: .agent)
        shape = try c.decodeIfPresent(String.self, forKey: .shape)
        pid = try c.decodeIfPresent(Int.self, forKey: .pid)
        host = try c.decodeIfPresent(String.self, forKey: .host)
        axon = try c.decodeIfPresent(String.self, forKey: .axon)
        configHash = try c.decodeIfPresent(String.self, forKey: .configHash)
        prompt = try c.decodeIfPresent(String.self, forKey: .prompt)
        threadSeq = try c.decodeIfPresent(Int.self, forKey: .threadSeq)
        role = try c.decodeIfPresent(String.self, forKey: .role)
        content = try c.decodeIfPresent(String.self, forKey: .content)
        toolCalls = try c.decodeIfPresent([WireToolCall].self, forKey: .toolCalls)
        callID = try c.decodeIfPresent(String.self, forKey: .callID)
        isError = try c.decodeIfPresent(Bool.self, forKey: .isError)
        provider = try c.decodeIfPresent(String.self, forKey: .provider)
        model = try c.decodeIfPresent(String.self, forKey: .model)
        durationMS = try c.decodeIfPresent(Int.self, forKey: .durationMS)
        billing = try c.decodeIfPresent(WireBilling.self, forKey: .billing)
        tool = try c.decodeIfPresent(String.self, forKey: .tool)
        arguments = try c.decodeIfPresent(JSONValue.self, forKey: .arguments)
        ok = try c.decodeIfPresent(Bool.self, forKey: .ok)
        files = try c.decodeIfPresent([WireKnowledgeFile].self, forKey: .files)
        truncated = try c.decodeIfPresent(Bool.self, forKey: .truncated)
        generation = try c.decodeIfPresent(Int.self, forKey: .generation)
        added = try c.decodeIfPresent(WireCapabilityNames.self, forKey: .added)
        changed = try c.decodeIfPresent(WireCapabilityNames.self, forKey: .changed)
        removed = try c.decodeIfPresent(WireCapabilityNames.self, forKey: .removed)
        errors = try c.decodeIfPresent([String].self, forKey: .errors)
        replaces = try c.decodeIfPresent([String].self, forKey: .replaces)
        summary = try c.decodeIfPresent(String.self, forKey: .summary)
        code = try c.decodeIfPresent(String.self, forKey: .code)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        usage = try c.decodeIfPresent(WireUsage.self, forKey: .usage)
        costUSD = try c.decodeIfPresent(Double.self, forKey: .costUSD)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        requests = try c.decodeIfPresent(Int.self, forKey: .requests)
    }
}
