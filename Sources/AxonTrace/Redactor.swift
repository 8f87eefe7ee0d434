public import AxonCore

/// Replaces every occurrence of a secret value with `[REDACTED]`.
///
/// Applied to each string field of a trace entry *before* it is encoded: redacting the encoded line would miss
/// secrets that contain characters JSON escapes (`"`, `\`, control characters), and could corrupt the escapes.
/// Secrets shorter than `minimumLength` are ignored: a 3-character "key" would shred ordinary text, and real
/// API keys are long. Longer secrets are replaced first, so one secret that contains another is removed whole.
public struct Redactor: Sendable {
    /// What a secret becomes.
    public static let replacement = "[REDACTED]"
    private static let replacementBytes = Array(replacement.utf8)
    /// Values shorter than this are not treated as secrets.
    public static let minimumLength = 8

    private let secrets: [String]
    // Matching is on UTF-8 bytes, not Characters: a secret followed by a combining mark must still be found.
    private let secretBytes: [[UInt8]]

    /// - Parameter secrets: literal values (API keys, tokens); duplicates and short values are dropped.
    public init(secrets: [String]) {
        self.secrets = Set(secrets.filter { $0.utf8.count >= Self.minimumLength })
            .sorted { $0.utf8.count != $1.utf8.count ? $0.utf8.count > $1.utf8.count : $0 < $1 }
        secretBytes = self.secrets.map { Array($0.utf8) }
    }

    /// True when there is nothing to redact: `redact` returns its input unchanged.
    public var isEmpty: Bool { secrets.isEmpty }

    /// `s` with every occurrence of every secret replaced.
    public func redact(_ s: String) -> String {
        if secrets.isEmpty { return s }
        var out = s
        for bytes in secretBytes where FastText.contains(out, bytes) {
            out = FastText.replacing(bytes, in: out, with: Self.replacementBytes)
        }
        return out
    }

    /// `value` with every string (object keys excluded) redacted, at any depth.
    public func redact(_ value: JSONValue) -> JSONValue {
        secrets.isEmpty ? value : value.mapStrings(redact)
    }

    /// `entry` with every free-text field redacted: prompts, message content, tool call arguments and results,
    /// error messages, compaction summaries, end reasons. Identifiers (ids, names, hashes) are left alone.
    public func redact(_ entry: TraceEntry) -> TraceEntry {
        if secrets.isEmpty { return entry }
        var e = entry
        switch entry.event {
        case .sessionStart, .modelCall, .requestEnd, .knowledgeLoaded:
            break
        case .capabilitiesReloaded(let generation, let added, let changed, let removed, let errors):
            e.event = .capabilitiesReloaded(
                generation: generation, added: added, changed: changed, removed: removed, errors: errors.map(redact))
        case .requestStart(let prompt, let threadSeq):
            e.event = .requestStart(prompt: redact(prompt), threadSeq: threadSeq)
        case .message(var m):
            m.content = m.content.map(redact)
            m.toolCalls = m.toolCalls.map { ToolCall(id: $0.id, name: $0.name, arguments: redact($0.arguments)) }
            e.event = .message(m)
        case .toolCall(let tool, let callID, let arguments):
            e.event = .toolCall(tool: tool, callID: callID, arguments: redact(arguments))
        case .toolResult(let tool, let callID, let ok, let content, let durationMS):
            e.event = .toolResult(tool: tool, callID: callID, ok: ok, content: redact(content), durationMS: durationMS)
        case .compaction(let replaces, let summary):
            e.event = .compaction(replaces: replaces, summary: redact(summary))
        case .error(let code, let message):
            e.event = .error(code: code, message: redact(message))
        case .sessionEnd(let reason, let requests, let usage, let costUSD):
            e.event = .sessionEnd(reason: redact(reason), requests: requests, usage: usage, costUSD: costUSD)
        }
        return e
    }
}
