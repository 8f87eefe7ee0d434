public import AxonCore

/// A model API, streamed.
///
/// Every conformer must:
/// - emit `.textDelta` pieces in order, each tool call once and complete (`.toolCall`, arguments parsed),
///   `.usage` at most once, and `.end` last;
/// - finish the stream by throwing `ModelError` on failure (never by ending silently);
/// - stop work promptly when the consuming task is cancelled.
/// - report each failed attempt it retries as `.attemptFailed` before retrying, and retry only before the
///   first output event.
/// The runtime traces one `model.call` per stream that reaches `.end`.
public protocol ModelProvider: Sendable {
    /// The provider family as traces name it (`replay`, `openai`, `anthropic`).
    var provider: String { get }
    /// The model id as traces name it.
    var model: String { get }
    func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error>
}

/// One call's input, provider-neutral.
public struct ModelRequest: Sendable, Equatable {
    public var system: String
    /// The conversation: user, assistant and tool messages (no system message here).
    public var messages: [Message]
    public var tools: [ToolSpec]
    public var maxTokens: Int?

    public init(system: String, messages: [Message], tools: [ToolSpec] = [], maxTokens: Int? = nil) {
        self.system = system
        self.messages = messages
        self.tools = tools
        self.maxTokens = maxTokens
    }
}

/// What a model stream yields.
public enum ModelEvent: Sendable, Equatable {
    case textDelta(String)
    case toolCall(ToolCall)
    case usage(Usage)
    case end(StopReason)
    /// One API attempt failed and the provider will try again after `retryIn`. Only sent before the call's
    /// first `.textDelta`/`.toolCall` (a retry never duplicates output); the runtime traces it as an `error`
    /// line, so every failed attempt is visible while the call still yields exactly one `model.call`.
    /// `code` is stable (`http_429`, `http_503`, `connection`, `idle_timeout`, …); `message` names the endpoint.
    case attemptFailed(code: String, message: String, retryIn: Duration)
}

/// Why the model stopped.
public enum StopReason: String, Sendable, Equatable {
    case endTurn = "end_turn"
    case toolUse = "tool_use"
    case maxTokens = "max_tokens"
}
