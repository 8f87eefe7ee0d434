public import AxonCore
public import AxonTrace

/// What a finished request produced.
public struct RequestResult: Sendable, Equatable {
    /// The assistant's text across the request's turns.
    public var text: String
    public var agent: AgentName
    public var session: SessionID
    public var thread: ThreadName
    public var request: RequestID
    public var status: RequestStatus
    /// Set when `status` is not ok: what stopped the request.
    public var error: String?
    public var usage: Usage
    public var costUSD: Double

    /// The `--json` shape of a request (docs/cli.md).
    public var json: JSONValue {
        var fields: [String: JSONValue] = [
            "text": .string(text), "agent": .string(agent.rawValue), "session": .string(session.rawValue),
            "thread": .string(thread.rawValue), "request": .string(request.rawValue),
            "status": .string(status.rawValue), "usage": usage.json, "cost_usd": .double(costUSD),
        ]
        if let error { fields["error"] = .string(error) }
        return .object(fields)
    }
}

/// Live progress of a request, for streaming output.
public enum RequestEvent: Sendable, Equatable {
    case textDelta(String)
    case toolCall(ToolCall)
    case toolResult(callID: String, ok: Bool, content: String)
    /// A model turn ended (the next text starts a new paragraph).
    case turnEnded
    /// A model API attempt failed and will be retried (the message names the endpoint and the wait).
    case retrying(message: String)
}
