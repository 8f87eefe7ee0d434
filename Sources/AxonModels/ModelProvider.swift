public import AxonCore

/// A model API, streamed.
///
/// Every conformer must:
/// - emit `.textDelta` pieces in order, each tool call once and complete (`.toolCall`, arguments parsed),
///   `.usage` at most once, and `.end` last;
/// - finish the stream by throwing `ModelError` on failure (never by ending silently);
/// - stop work promptly when the consuming task is cancelled.
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

/// A tool as the model sees it.
public struct ToolSpec: Sendable, Equatable {
    public var name: String
    public var description: String
    /// JSON Schema of the arguments object.
    public var inputSchema: JSONValue
    public init(name: String, description: String, inputSchema: JSONValue) {
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
    }
}

/// What a model stream yields.
public enum ModelEvent: Sendable, Equatable {
    case textDelta(String)
    case toolCall(ToolCall)
    case usage(Usage)
    case end(StopReason)
}

/// Why the model stopped.
public enum StopReason: String, Sendable, Equatable {
    case endTurn = "end_turn"
    case toolUse = "tool_use"
    case maxTokens = "max_tokens"
}

/// Why a model call failed.
public enum ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A replay script could not be read or is invalid; `line`/`column` are 1-based when known.
    case script(path: String, line: Int?, column: Int?, message: String)
    /// The configured provider is not available in this build.
    case unavailable(provider: String, reason: String)
    /// The provider sent something that breaks its own wire format.
    case badResponse(provider: String, message: String)
    /// The provider reported an error inside a stream that had started (`event: error`, an `error` object).
    case provider(provider: String, type: String, message: String)

    public var description: String {
        switch self {
        case .script(let path, let line?, let column?, let message): "\(path):\(line):\(column): \(message)"
        case .script(let path, _, _, let message): "\(path): \(message)"
        case .unavailable(let provider, let reason): "model provider '\(provider)' is unavailable: \(reason)"
        case .badResponse(let provider, let message): "\(provider) sent an invalid response: \(message)"
        case .provider(let provider, let type, let message): "\(provider) reported \(type): \(message)"
        }
    }
}
