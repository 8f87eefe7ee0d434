import AxonCore

/// The wire form of the channel: the control protocol's line format (`ControlWire`), one JSON object per line,
/// `v` and `type` first, then the other fields with sorted keys.
public enum ChannelWire {
    /// The line (without its newline) for `message`.
    public static func encode(_ message: ChannelMessage) -> String {
        switch message {
        case .capabilities(let generation, let scope, let paths):
            var fields: [String: JSONValue] = [
                "generation": .int(generation), "scope": .array(scope.map { .string($0) }),
            ]
            if let paths { fields["paths"] = .array(paths.map { .string($0) }) }
            return ControlWire.line("capabilities", id: nil, fields)
        case .ack(let generation):
            return ControlWire.line("ack", id: nil, ["generation": .int(generation)])
        case .activity(let a):
            return ControlWire.line(
                "activity", id: nil,
                [
                    "session": .string(a.session), "request": JSONValue(optional: a.request),
                    "last_status": JSONValue(optional: a.lastStatus), "tokens": .int(a.tokens),
                    "cost_usd": .double(a.costUSD),
                ])
        }
    }

    /// Parses a line; throws `.malformed` for anything that is not a message of this version. Unknown fields
    /// are ignored (a newer peer may add some). The caller drops a bad line: it never ends the channel.
    public static func decode(_ line: String) throws(ControlError) -> ChannelMessage {
        let (type, _, object) = try ControlWire.header(line)
        if type == "activity" { return .activity(try activity(object)) }
        guard let generation = object["generation"]?.intValue, generation >= 0 else {
            throw .malformed(code: "bad_request", reason: "'\(type)' needs a 'generation' (an integer ≥ 0)")
        }
        switch type {
        case "capabilities":
            guard let items = object["scope"]?.arrayValue else {
                throw .malformed(code: "bad_request", reason: "'capabilities' needs a 'scope' (an array of strings)")
            }
            let scope = items.compactMap(\.stringValue)
            guard scope.count == items.count else {
                throw .malformed(code: "bad_request", reason: "'scope' must hold strings only")
            }
            // Paths are a hint: a malformed list is as good as none (every file is looked at).
            let paths = object["paths"]?.arrayValue.flatMap { items -> [String]? in
                let strings = items.compactMap(\.stringValue)
                return strings.count == items.count ? strings : nil
            }
            return .capabilities(generation: generation, scope: scope, paths: paths)
        case "ack":
            return .ack(generation: generation)
        default:
            throw .malformed(code: "unknown_type", reason: "unknown type '\(type)'")
        }
    }

    static func activity(_ object: [String: JSONValue]) throws(ControlError) -> AgentActivity {
        guard let session = object["session"]?.stringValue, let tokens = object["tokens"]?.intValue, tokens >= 0,
            let cost = object["cost_usd"]?.doubleValue, cost >= 0, cost.isFinite
        else {
            throw .malformed(
                code: "bad_request",
                reason:
                    "'activity' needs a 'session' (a string), 'tokens' (an integer ≥ 0) and 'cost_usd' (a number ≥ 0)")
        }
        return AgentActivity(
            session: session, request: object["request"]?.stringValue, lastStatus: object["last_status"]?.stringValue,
            tokens: tokens, costUSD: cost)
    }
}
