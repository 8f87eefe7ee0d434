/// One Server-Sent Event.
public struct SSEEvent: Sendable, Equatable {
    /// The `event:` field; nil when absent (the spec's default type, "message").
    public var event: String?
    /// The `data:` lines joined with `\n`.
    public var data: String
    public var id: String?

    public init(event: String? = nil, data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }
}

/// An incremental Server-Sent Events parser (the WHATWG `text/event-stream` rules).
///
/// Feed it bytes as they arrive, in chunks of any size: events split across chunks, `\r\n`/`\r`/`\n` line
/// ends (a `\r` at the end of one chunk and `\n` at the start of the next count once), `:` comments and
/// keep-alives, multi-line `data:`, and a leading BOM are all handled. An event is dispatched at a blank line;
/// one with no data is dropped, as the spec says.
public struct SSEParser: Sendable {
    private var line: [UInt8] = []
    private var lastWasCR = false
    private var sawFirstByte = false
    private var eventType: String?
    private var data: [UInt8] = []
    private var hasData = false
    private var lastID: String?

    public init() {}

    /// Parses `bytes`, returning the events they complete.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> [SSEEvent] where Bytes.Element == UInt8 {
        var events: [SSEEvent] = []
        for byte in bytes {
            if lastWasCR {
                lastWasCR = false
                if byte == 0x0A { continue }
            }
            switch byte {
            case 0x0D:
                lastWasCR = true
                endLine(into: &events)
            case 0x0A:
                endLine(into: &events)
            default:
                line.append(byte)
            }
        }
        return events
    }

    /// Ends the stream: a final event not followed by a blank line is discarded, per the spec.
    public mutating func finish() -> [SSEEvent] {
        line.removeAll()
        data.removeAll()
        hasData = false
        eventType = nil
        return []
    }

    private mutating func endLine(into events: inout [SSEEvent]) {
        defer { line.removeAll(keepingCapacity: true) }
        if !sawFirstByte {
            sawFirstByte = true
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
        }
        if line.isEmpty {
            dispatch(into: &events)
            return
        }
        if line[0] == UInt8(ascii: ":") { return }
        let colon = line.firstIndex(of: UInt8(ascii: ":"))
        let name = String(decoding: line[..<(colon ?? line.endIndex)], as: UTF8.self)
        var valueStart = colon.map { $0 + 1 } ?? line.endIndex
        if valueStart < line.endIndex, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = line[valueStart...]
        switch name {
        case "data":
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
        case "event":
            eventType = String(decoding: value, as: UTF8.self)
        case "id":
            if !value.contains(0) { lastID = String(decoding: value, as: UTF8.self) }
        default:
            break  // `retry` and unknown fields do not affect a client that does not reconnect
        }
    }

    private mutating func dispatch(into events: inout [SSEEvent]) {
        defer {
            data.removeAll(keepingCapacity: true)
            hasData = false
            eventType = nil
        }
        guard hasData else { return }
        events.append(SSEEvent(event: eventType, data: String(decoding: data, as: UTF8.self), id: lastID))
    }
}
