/// What one tool call produced: the text the model sees, and whether it is an error.
public struct ToolOutcome: Sendable, Equatable {
    public var ok: Bool
    public var content: String
    /// For a refusal or a cap the runtime also records as an `error` trace entry (`policy_denied`, …).
    public var errorCode: String?

    public init(ok: Bool, content: String, errorCode: String? = nil) {
        self.ok = ok
        self.content = content
        self.errorCode = errorCode
    }

    public static func success(_ content: String) -> ToolOutcome { ToolOutcome(ok: true, content: content) }
    public static func failure(_ content: String, code: String? = nil) -> ToolOutcome {
        ToolOutcome(ok: false, content: content.hasPrefix("error:") ? content : "error: " + content, errorCode: code)
    }
}

/// Why a tool failed: a message for the model, and a trace error code when the failure is a refusal.
public struct ToolFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var code: String?
    public init(_ message: String, code: String? = nil) {
        self.message = message
        self.code = code
    }
    public var description: String { message }
}

/// Caps every tool result to what a model should see at once.
public enum OutputCap {
    /// 64 KiB: the most any tool result carries.
    public static let bytes = 64 * 1024

    /// `text` cut to `limit` bytes (on a character boundary) with a visible marker saying how much was left out.
    public static func apply(_ text: String, limit: Int = bytes) -> String {
        let utf8 = text.utf8
        guard utf8.count > limit else { return text }
        var end = utf8.index(utf8.startIndex, offsetBy: limit)
        while end > utf8.startIndex, !text.indices.contains(end) { end = utf8.index(before: end) }
        let kept = String(text[..<end])
        return kept + "\n[truncated: \(utf8.count - kept.utf8.count) more bytes not shown]"
    }
}
