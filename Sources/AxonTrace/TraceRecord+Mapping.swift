import AxonCore

/// The only place where the wire record and the domain entry meet.
extension TraceRecord {
    /// The record that represents `entry` on disk.
    public init(_ entry: TraceEntry) {
        self.init(entry, tsText: entry.ts.rfc3339)
    }

    /// `init(_:)` with `ts` already formatted (the writer reuses the text within one millisecond).
    init(_ entry: TraceEntry, tsText: String) {
        self.init(
            seq: entry.seq, ts: tsText, type: entry.event.type, session: entry.session.rawValue,
            thread: entry.thread?.rawValue, request: entry.request?.rawValue)
        switch entry.event {
        case .sessionStart(let agent, let shape, let pid, let host, let axon, let configHash):
            self.agent = agent.rawValue
            self.shape = shape.rawValue
            self.pid = pid
            self.host = host
            self.axon = axon
            self.configHash = configHash
        case .requestStart(let prompt, let threadSeq):
            self.prompt = prompt
            self.threadSeq = threadSeq
        case .message(let m):
            role = m.role.rawValue
            content = m.content
            toolCalls =
                m.toolCalls.isEmpty
                ? nil : m.toolCalls.map { WireToolCall(id: $0.id, name: $0.name, arguments: $0.arguments) }
            callID = m.callID
            isError = m.isError ? true : nil
        case .modelCall(let provider, let model, let durationMS, let billing):
            self.provider = provider
            self.model = model
            self.durationMS = durationMS
            self.billing = WireBilling(billing)
        case .toolCall(let tool, let callID, let arguments):
            self.tool = tool
            self.callID = callID
            self.arguments = arguments
        case .toolResult(let tool, let callID, let ok, let content, let durationMS):
            self.tool = tool
            self.callID = callID
            self.ok = ok
            self.content = content
            self.durationMS = durationMS
        case .knowledgeLoaded(let files, let truncated):
            self.files = files.map { WireKnowledgeFile(path: $0.path, hash: $0.hash, bytes: $0.bytes) }
            self.truncated = truncated
        case .capabilitiesReloaded(let generation, let added, let changed, let removed, let errors):
            self.generation = generation
            self.added = WireCapabilityNames(added)
            self.changed = WireCapabilityNames(changed)
            self.removed = WireCapabilityNames(removed)
            self.errors = errors
        case .compaction(let replaces, let summary):
            self.replaces = replaces.map(\.rawValue)
            self.summary = summary
        case .error(let code, let message):
            self.code = code
            self.message = message
        case .requestEnd(let status, let usage, let costUSD):
            self.status = status.rawValue
            self.usage = WireUsage(usage)
            self.costUSD = costUSD
        case .sessionEnd(let reason, let requests, let usage, let costUSD):
            self.reason = reason
            self.requests = requests
            self.usage = WireUsage(usage)
            self.costUSD = costUSD
        }
    }

    /// The domain entry, or nil when `type` is one this version does not know (a newer writer added it; the
    /// reader skips such lines and reports them). Throws when a known type lacks a field or has a bad value.
    public func entry() throws(TraceRecordError) -> TraceEntry? {
        guard let time = Timestamp(parsing: ts) else { throw TraceRecordError("ts is not RFC 3339: \(ts)") }
        guard let event = try event() else { return nil }
        return TraceEntry(
            seq: seq, ts: time, session: SessionID(rawValue: session), thread: thread.map { ThreadName(rawValue: $0) },
            request: request.map(RequestID.init(rawValue:)), event: event)
    }

    private func event() throws(TraceRecordError) -> TraceEvent? {
        switch type {
        case "session.start":
            guard let shape = SessionShape(rawValue: try need(self.shape, "shape")) else {
                throw TraceRecordError("unknown shape \(self.shape ?? "")")
            }
            return .sessionStart(
                agent: AgentName(try need(agent, "agent")), shape: shape, pid: try need(pid, "pid"),
                host: try need(host, "host"), axon: try need(axon, "axon"),
                configHash: try need(configHash, "config_hash"))
        case "request.start":
            return .requestStart(prompt: try need(prompt, "prompt"), threadSeq: threadSeq)
        case "message":
            guard let role = MessageRole(rawValue: try need(self.role, "role")) else {
                throw TraceRecordError("unknown role \(self.role ?? "")")
            }
            let calls = (toolCalls ?? []).map { ToolCall(id: $0.id, name: $0.name, arguments: $0.arguments) }
            return .message(
                Message(
                    role: role, content: content, toolCalls: calls, callID: callID,
                    isError: isError ?? false))
        case "model.call":
            return .modelCall(
                provider: try need(provider, "provider"), model: try need(model, "model"),
                durationMS: try need(durationMS, "duration_ms"), billing: try need(billing, "billing").domain)
        case "tool.call":
            return .toolCall(
                tool: try need(tool, "tool"), callID: try need(callID, "call_id"),
                arguments: try need(arguments, "arguments"))
        case "tool.result":
            return .toolResult(
                tool: try need(tool, "tool"), callID: try need(callID, "call_id"), ok: try need(ok, "ok"),
                content: try need(content, "content"), durationMS: try need(durationMS, "duration_ms"))
        case "knowledge.loaded":
            let files = try need(self.files, "files").map {
                KnowledgeFile(path: $0.path, hash: $0.hash, bytes: $0.bytes)
            }
            return .knowledgeLoaded(files: files, truncated: try need(truncated, "truncated"))
        case "capabilities.reloaded":
            return .capabilitiesReloaded(
                generation: try need(generation, "generation"), added: try need(added, "added").names,
                changed: try need(changed, "changed").names, removed: try need(removed, "removed").names,
                errors: try need(errors, "errors"))
        case "compaction":
            return .compaction(
                replaces: try need(replaces, "replaces").map(RequestID.init(rawValue:)),
                summary: try need(summary, "summary"))
        case "error":
            return .error(code: try need(code, "code"), message: try need(message, "message"))
        case "request.end":
            guard let status = RequestStatus(rawValue: try need(self.status, "status")) else {
                throw TraceRecordError("unknown status \(self.status ?? "")")
            }
            return .requestEnd(
                status: status, usage: try need(usage, "usage").domain, costUSD: try need(costUSD, "cost_usd"))
        case "session.end":
            return .sessionEnd(
                reason: try need(reason, "reason"), requests: try need(requests, "requests"),
                usage: try need(usage, "usage").domain, costUSD: try need(costUSD, "cost_usd"))
        default:
            return nil
        }
    }

    private func need<T>(_ value: T?, _ key: String) throws(TraceRecordError) -> T {
        guard let value else { throw TraceRecordError("\(type) needs `\(key)`") }
        return value
    }
}

/// A record that is valid JSON but not a valid line of its `type` (missing field, unknown enum value).
public struct TraceRecordError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

extension WireCapabilityNames {
    init(_ names: CapabilityNames) {
        self.init(tools: names.tools, knowledge: names.knowledge, skills: names.skills, mcp: names.mcp)
    }

    var names: CapabilityNames { CapabilityNames(tools: tools, knowledge: knowledge, skills: skills, mcp: mcp) }
}
