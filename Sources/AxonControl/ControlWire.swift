public import AxonCore

/// The wire form of the control protocol: one JSON object per line, `v`, `type`, `id` first, then the other
/// fields with sorted keys (byte-stable, like trace lines).
public enum ControlWire {
    /// The protocol version this build speaks.
    public static let version = 1

    // MARK: encoding

    /// The line (without its newline) for a client message.
    public static func encode(_ request: ControlRequest) -> String {
        switch request {
        case .request(let id, let prompt, let thread):
            var fields: [String: JSONValue] = ["prompt": .string(prompt)]
            if let thread { fields["thread"] = .string(thread) }
            return line("request", id: id, fields)
        case .cancel(let id): return line("cancel", id: id, [:])
        case .status(let id): return line("status", id: id, [:])
        case .shutdown(let id): return line("shutdown", id: id, [:])
        case .snapshot(let id): return line("snapshot", id: id, [:])
        case .ack(let id): return line("ack", id: id, [:])
        case .down(let id, let timeout):
            return line("down", id: id, timeout.map { ["timeout_ms": .int($0)] } ?? [:])
        case .restart(let id, let target): return line("restart", id: id, ["target": .string(target)])
        }
    }

    /// The line (without its newline) for a session message.
    public static func encode(_ reply: ControlReply) -> String {
        switch reply {
        case .event(let id, let event):
            var fields: [String: JSONValue]
            switch event {
            case .text(let text): fields = ["kind": "text", "text": .string(text)]
            case .toolCall(let callID, let tool, let arguments):
                fields = [
                    "kind": "tool_call", "call_id": .string(callID), "tool": .string(tool), "arguments": arguments,
                ]
            case .toolResult(let callID, let ok, let content):
                fields = [
                    "kind": "tool_result", "call_id": .string(callID), "ok": .bool(ok), "content": .string(content),
                ]
            case .turnEnd: fields = ["kind": "turn_end"]
            case .retrying(let message): fields = ["kind": "retrying", "message": .string(message)]
            }
            return line("event", id: id, fields)
        case .end(let id, let result): return line("end", id: id, ["result": result])
        case .error(let id, let code, let message):
            return line("error", id: id, ["code": .string(code), "message": .string(message)])
        case .status(let id, let fields): return line("status", id: id, fields)
        }
    }

    static func line(_ type: String, id: String?, _ fields: [String: JSONValue]) -> String {
        var out = "{\"v\":\(version),\"type\":"
        JSONText.quote(type, into: &out)
        if let id {
            out += ",\"id\":"
            JSONText.quote(id, into: &out)
        }
        for key in fields.keys.sorted() {
            out += ","
            JSONText.quote(key, into: &out)
            out += ":"
            fields[key]!.write(to: &out)
        }
        return out + "}"
    }

    // MARK: decoding

    /// Parses a client line. Throws `.malformed` with the code the server answers with.
    public static func decodeRequest(_ line: String) throws(ControlError) -> ControlRequest {
        let (type, id, object) = try header(line)
        switch type {
        case "request":
            let id = try require(id, "a request needs an 'id'")
            guard let prompt = object["prompt"]?.stringValue else {
                throw .malformed(code: "bad_request", reason: "a request needs a string 'prompt'")
            }
            let thread = object["thread"]
            guard thread == nil || thread == .null || thread?.stringValue != nil else {
                throw .malformed(code: "bad_request", reason: "'thread' must be a string")
            }
            return .request(id: id, prompt: prompt, thread: thread?.stringValue)
        case "cancel": return .cancel(id: try require(id, "a cancel needs the 'id' of the request to cancel"))
        case "status": return .status(id: id)
        case "shutdown": return .shutdown(id: id)
        case "snapshot": return .snapshot(id: id)
        case "ack": return .ack(id: id)
        case "down":
            let timeout = object["timeout_ms"]
            guard timeout == nil || timeout == .null || (timeout?.intValue).map({ $0 >= 0 }) == true else {
                throw .malformed(code: "bad_request", reason: "'timeout_ms' must be a non-negative integer")
            }
            return .down(id: id, timeoutMilliseconds: timeout?.intValue)
        case "restart":
            guard let target = object["target"]?.stringValue, !target.isEmpty else {
                throw .malformed(code: "bad_request", reason: "a restart needs a string 'target' (AGENT or AGENT.N)")
            }
            return .restart(id: id, target: target)
        default: throw .malformed(code: "unknown_type", reason: "unknown type '\(type)'")
        }
    }

    /// Parses a session line. Unknown fields are ignored (a newer session may add some); unknown types and
    /// event kinds throw.
    public static func decodeReply(_ line: String) throws(ControlError) -> ControlReply {
        let (type, id, object) = try header(line)
        switch type {
        case "event":
            let id = try require(id, "an event needs an 'id'")
            let kind = object["kind"]?.stringValue ?? ""
            switch kind {
            case "text":
                return .event(id: id, event: .text(object["text"]?.stringValue ?? ""))
            case "tool_call":
                return .event(
                    id: id,
                    event: .toolCall(
                        callID: object["call_id"]?.stringValue ?? "", tool: object["tool"]?.stringValue ?? "",
                        arguments: object["arguments"] ?? .object([:])))
            case "tool_result":
                return .event(
                    id: id,
                    event: .toolResult(
                        callID: object["call_id"]?.stringValue ?? "", ok: object["ok"]?.boolValue ?? false,
                        content: object["content"]?.stringValue ?? ""))
            case "turn_end": return .event(id: id, event: .turnEnd)
            case "retrying": return .event(id: id, event: .retrying(message: object["message"]?.stringValue ?? ""))
            default: throw .malformed(code: "bad_request", reason: "unknown event kind '\(kind)'")
            }
        case "end":
            guard let result = object["result"], result.objectValue != nil else {
                throw .malformed(code: "bad_request", reason: "an end needs an object 'result'")
            }
            return .end(id: try require(id, "an end needs an 'id'"), result: result)
        case "error":
            return .error(
                id: id, code: object["code"]?.stringValue ?? "error", message: object["message"]?.stringValue ?? "")
        case "status":
            var fields = object
            for key in ["v", "type", "id"] { fields[key] = nil }
            return .status(id: id, fields: fields)
        default: throw .malformed(code: "unknown_type", reason: "unknown type '\(type)'")
        }
    }

    static func header(_ line: String) throws(ControlError) -> (String, String?, [String: JSONValue]) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: line)
        } catch {
            throw .malformed(code: "bad_json", reason: "not a JSON object")
        }
        guard let object = value.objectValue else { throw .malformed(code: "bad_json", reason: "not a JSON object") }
        guard let v = object["v"]?.intValue else {
            throw .malformed(code: "bad_request", reason: "every line needs 'v' (the protocol version, \(version))")
        }
        guard v == version else {
            throw .malformed(
                code: "unsupported_version", reason: "version \(v) is not supported (this axon speaks \(version))")
        }
        guard let type = object["type"]?.stringValue else {
            throw .malformed(code: "bad_request", reason: "every line needs a string 'type'")
        }
        let id = object["id"]
        guard id == nil || id?.stringValue != nil else {
            throw .malformed(code: "bad_request", reason: "'id' must be a string")
        }
        return (type, id?.stringValue, object)
    }

    static func require(_ id: String?, _ reason: String) throws(ControlError) -> String {
        guard let id, !id.isEmpty else { throw .malformed(code: "bad_request", reason: reason) }
        return id
    }
}
