public import AxonCore

/// One line of a thread index: where a completed request (or a compaction) of the thread sits in the traces.
///
/// `data/threads/<thread>.jsonl` holds these in thread order. The index is derived data: every field comes from
/// the traces, and `axon threads --reindex` rebuilds it byte for byte.
public struct ThreadIndexEntry: Sendable, Equatable {
    public enum Kind: String, Sendable { case request, compaction }

    public var kind: Kind
    /// The request's position in the thread (1-based); a compaction carries the number of the request it was
    /// written in, and sorts just before it.
    public var n: Int
    public var session: SessionID
    public var request: RequestID
    /// Byte range in `data/sessions/<session>.jsonl`: from the request's first line to its `request.end`
    /// (for a compaction, the `compaction` line itself). Other requests' lines may sit inside; readers filter.
    public var start: Int64
    public var end: Int64
    /// Estimated tokens of the messages this entry contributes to a resumed conversation.
    public var tokens: Int
    /// `request.end` status (requests only).
    public var status: String?
    /// When the request ended (requests) or the compaction was written.
    public var ts: Timestamp

    public init(
        kind: Kind, n: Int, session: SessionID, request: RequestID, start: Int64, end: Int64, tokens: Int,
        status: String?, ts: Timestamp
    ) {
        self.kind = kind
        self.n = n
        self.session = session
        self.request = request
        self.start = start
        self.end = end
        self.tokens = tokens
        self.status = status
        self.ts = ts
    }

    /// The index line, `\n` included. Keys in a fixed order so a rebuilt index is byte-identical.
    public var line: String {
        var out = "{\"v\":1,\"type\":"
        JSONText.quote(kind.rawValue, into: &out)
        out += ",\"n\":\(n),\"session\":"
        JSONText.quote(session.rawValue, into: &out)
        out += ",\"request\":"
        JSONText.quote(request.rawValue, into: &out)
        out += ",\"start\":\(start),\"end\":\(end),\"tokens\":\(tokens)"
        if let status {
            out += ",\"status\":"
            JSONText.quote(status, into: &out)
        }
        out += ",\"ts\":\"\(ts.rfc3339)\"}\n"
        return out
    }

    /// Parses one index line (without its newline); nil when it is not a valid entry.
    public init?(line: Substring) {
        guard let value = try? JSONValue(parsing: String(line)), value["v"]?.intValue == 1,
            let kind = value["type"]?.stringValue.flatMap(Kind.init(rawValue:)), let n = value["n"]?.intValue,
            let session = value["session"]?.stringValue, let request = value["request"]?.stringValue,
            let start = value["start"]?.intValue, let end = value["end"]?.intValue, end >= start,
            let tokens = value["tokens"]?.intValue,
            let ts = value["ts"]?.stringValue.flatMap(Timestamp.init(parsing:))
        else { return nil }
        self.init(
            kind: kind, n: n, session: SessionID(rawValue: session), request: RequestID(rawValue: request),
            start: Int64(start), end: Int64(end), tokens: tokens, status: value["status"]?.stringValue, ts: ts)
    }

    /// Thread order: by request number, a compaction before the request it was written in.
    public static func precedes(_ a: ThreadIndexEntry, _ b: ThreadIndexEntry) -> Bool {
        (a.n, a.kind == .compaction ? 0 : 1) < (b.n, b.kind == .compaction ? 0 : 1)
    }

    /// The estimate for messages as a resumed conversation sends them (the runtime and the rebuild agree).
    public static func estimateTokens(of messages: [Message]) -> Int {
        var bytes = 0
        for m in messages {
            bytes += m.content?.utf8.count ?? 0
            for call in m.toolCalls { bytes += call.name.utf8.count + call.arguments.serialized().utf8.count }
        }
        return Usage.estimatedTokens(bytes: bytes)
    }
}
