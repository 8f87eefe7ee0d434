/// Who wrote a conversation message.
public enum MessageRole: String, Sendable, Codable, CaseIterable {
    case system, user, assistant, tool
}

/// One message of a conversation as the runtime keeps it, provider-neutral.
public struct Message: Hashable, Sendable {
    public var role: MessageRole
    /// Text content; nil for an assistant turn that only calls tools.
    public var content: String?
    /// Tool calls of an assistant message.
    public var toolCalls: [ToolCall]
    /// For a tool message: the id of the call it answers.
    public var callID: String?
    /// For a tool message: whether the tool failed (providers that mark errors get `is_error`).
    public var isError: Bool

    public init(
        role: MessageRole, content: String?, toolCalls: [ToolCall] = [], callID: String? = nil,
        isError: Bool = false
    ) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.callID = callID
        self.isError = isError
    }

    public static func system(_ text: String) -> Message { Message(role: .system, content: text) }
    public static func user(_ text: String) -> Message { Message(role: .user, content: text) }
    public static func assistant(_ text: String?, toolCalls: [ToolCall] = []) -> Message {
        Message(role: .assistant, content: text, toolCalls: toolCalls)
    }
    public static func tool(callID: String, content: String, isError: Bool = false) -> Message {
        Message(role: .tool, content: content, callID: callID, isError: isError)
    }
}

/// The product's version, written into every `session.start`.
public enum AxonVersion {
    public static let current = "0.1.0"
}
