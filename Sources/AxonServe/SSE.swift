import AxonCore
import AxonRuntime

/// Server-sent events as serve writes them (the `text/event-stream` format).
enum SSE {
    /// One event: its id (so a reconnecting client can say where it was), name and JSON data on one line.
    static func frame(id: String?, event: String?, data: String) -> String {
        var out = ""
        if let id { out += "id: \(id)\n" }
        if let event { out += "event: \(event)\n" }
        // A JSON text has no raw newline; other data is split so each line is its own `data:` field.
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) { out += "data: \(line)\n" }
        return out + "\n"
    }

    /// A comment line: keeps proxies from closing an idle stream and finds out when the client left.
    static let keepAlive = ": keep-alive\n\n"

    /// The event id of `seq` in the stream of request `key`: `key:seq`.
    static func eventID(key: String, seq: Int) -> String { "\(key):\(seq)" }

    /// The request key and sequence number of a `Last-Event-ID` value; nil when it is not one of ours.
    static func parse(lastEventID: String) -> (key: String, seq: Int)? {
        guard let colon = lastEventID.lastIndex(of: ":"), let seq = Int(lastEventID[lastEventID.index(after: colon)...])
        else { return nil }
        return (String(lastEventID[..<colon]), seq)
    }

    /// The native stream's event for `event`: its name and data.
    static func native(_ event: RequestEvent) -> (name: String, data: JSONValue) {
        switch event {
        case .textDelta(let text): ("text", ["text": .string(text)])
        case .toolCall(let call):
            ("tool_call", ["id": .string(call.id), "tool": .string(call.name), "arguments": call.arguments])
        case .toolResult(let callID, let ok, let content):
            ("tool_result", ["call_id": .string(callID), "ok": .bool(ok), "content": .string(content)])
        case .turnEnded: ("turn_end", [:])
        case .retrying(let message): ("retrying", ["message": .string(message)])
        }
    }
}
