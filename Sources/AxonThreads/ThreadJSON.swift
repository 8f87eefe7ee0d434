public import AxonCore

// How `axon threads --json`, `axon thread NAME --json` and serve's thread routes show threads.

extension ThreadCatalog.Summary {
    public var json: JSONValue {
        [
            "thread": .string(thread.rawValue), "requests": .int(requests), "compactions": .int(compactions),
            "sessions": .int(sessions), "tokens": .int(tokens),
            "last_activity": lastActivity.map { .string($0.rfc3339) } ?? .null,
        ]
    }
}

extension ThreadHistory.Request {
    public var json: JSONValue {
        [
            "n": .int(entry.n), "session": .string(entry.session.rawValue), "request": .string(entry.request.rawValue),
            "ts": .string(entry.ts.rfc3339), "status": .string(status), "prompt": .string(prompt),
            "messages": .array(messages.map(\.json)),
        ]
    }
}

extension Message {
    public var json: JSONValue {
        var fields: [String: JSONValue] = [
            "role": .string(role.rawValue), "content": content.map(JSONValue.string) ?? .null,
        ]
        if !toolCalls.isEmpty {
            fields["tool_calls"] = .array(
                toolCalls.map { ["id": .string($0.id), "name": .string($0.name), "arguments": $0.arguments] })
        }
        if let callID { fields["call_id"] = .string(callID) }
        return .object(fields)
    }
}
