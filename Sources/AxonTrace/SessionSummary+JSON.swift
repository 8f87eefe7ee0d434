public import AxonCore

/// How `axon sessions --json` and serve's `GET /v1/sessions` show a session.
extension SessionSummary {
    /// `live`, `damaged`, the end reason, or `crashed`.
    public var status: String {
        if isLive { return "live" }
        if isDamaged { return "damaged" }
        return endReason ?? "crashed"
    }

    public var json: JSONValue {
        var fields: [String: JSONValue] = [
            "session": .string(id.rawValue), "path": .string(path), "requests": .int(requests),
            "usage": usage.json, "cost_usd": .double(costUSD), "status": .string(status), "live": .bool(isLive),
            "damaged": .bool(isDamaged),
        ]
        fields["agent"] = agent.map { .string($0.rawValue) } ?? .null
        fields["shape"] = shape.map { .string($0.rawValue) } ?? .null
        fields["started"] = started.map { .string($0.rfc3339) } ?? .null
        fields["ended"] = ended.map { .string($0.rfc3339) } ?? .null
        fields["problem"] = JSONValue(optional: problem)
        return .object(fields)
    }
}
