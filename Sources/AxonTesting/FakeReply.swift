public import AxonCore

/// One scripted answer of `FakeModelServer`, rendered in whichever wire format the request used.
///
/// A reply is model output (text pieces, tool calls whose argument text is split at chosen points, usage)
/// plus how to deliver it: streamed or whole, CRLF line ends, `:` keep-alives, one write per byte range, a
/// hang or an in-stream error or a dropped connection after N chunks, or an HTTP error with headers.
public struct FakeReply: Sendable {
    /// A piece of model output.
    public enum Part: Sendable, Equatable {
        case text(String)
        /// A tool call; `argumentPieces` concatenate to the arguments' JSON text, one chunk each.
        case toolCall(id: String, name: String, argumentPieces: [String])
    }

    public var parts: [Part] = []
    /// nil: no usage at all (an OpenAI-compatible server that ignores `include_usage`).
    public var usage: Usage?
    public var status = 200
    public var headers: [String: String] = [:]
    /// For an error status: the provider's error type and message, rendered as that provider's error JSON.
    public var errorType = "server_error"
    public var errorMessage = ""
    /// A verbatim body (with `contentType`) instead of a rendered one.
    public var rawBody: String?
    public var contentType = "application/json"
    public var streaming = true
    public var crlf = false
    /// A `: keep-alive` comment (and, for Anthropic, a `ping` event) before every chunk.
    public var keepAlives = false
    /// Write each chunk in writes of this many bytes (events split across TCP reads).
    public var writeSize: Int?
    /// After this many chunks, stop writing and keep the connection open until the server stops.
    public var hangAfterChunks: Int?
    /// After this many chunks, send the provider's in-stream error event and end the body.
    public var errorAfterChunks: Int?
    /// After this many chunks, close the connection without ending the body properly.
    public var dropAfterChunks: Int?
    /// Leave out OpenAI's `data: [DONE]` (some compatible servers do).
    public var omitDone = false

    public init(parts: [Part] = [], usage: Usage? = nil) {
        self.parts = parts
        self.usage = usage
    }

    /// A streamed text answer in `pieces`.
    public static func text(_ pieces: String..., usage: Usage? = Usage(inputTokens: 10, outputTokens: 5)) -> FakeReply {
        FakeReply(parts: pieces.map(Part.text), usage: usage)
    }

    /// A streamed answer that calls tools.
    public static func toolCalls(
        _ calls: [(id: String, name: String, argumentPieces: [String])], text: String? = nil,
        usage: Usage? = Usage(inputTokens: 10, outputTokens: 5)
    ) -> FakeReply {
        var parts = text.map { [Part.text($0)] } ?? []
        parts += calls.map { Part.toolCall(id: $0.id, name: $0.name, argumentPieces: $0.argumentPieces) }
        return FakeReply(parts: parts, usage: usage)
    }

    /// An HTTP error in the provider's JSON error shape, with optional headers (`retry-after`).
    public static func error(
        status: Int, type: String = "server_error", message: String, headers: [String: String] = [:]
    ) -> FakeReply {
        var reply = FakeReply()
        reply.status = status
        reply.errorType = type
        reply.errorMessage = message
        reply.headers = headers
        return reply
    }

    /// Returns a copy changed by `change`, for chaining options: `.text("a").with { $0.crlf = true }`.
    public func with(_ change: (inout FakeReply) -> Void) -> FakeReply {
        var copy = self
        change(&copy)
        return copy
    }
}

/// A request `FakeModelServer` received.
public struct ReceivedRequest: Sendable {
    public var method: String
    public var path: String
    /// Header names lowercased; repeated headers joined with `, `.
    public var headers: [String: String]
    /// The body parsed as JSON, nil when it is not JSON.
    public var body: JSONValue?
}
