import AxonCore

/// Turns OpenAI Chat Completions stream chunks (`data: {json}` events) into `ModelEvent`s.
///
/// Text is emitted as it arrives. Tool calls arrive in pieces keyed by `index` (id and name in the first piece,
/// `arguments` text spread over many) and are emitted whole when the choice finishes. Usage comes in a last
/// chunk with empty `choices` when `stream_options.include_usage` is honoured; a server that ignores it yields no
/// usage event rather than an error.
public struct OpenAIStreamDecoder: Sendable {
    struct PartialCall: Sendable {
        var id = ""
        var name = ""
        var arguments = ""
    }

    private var calls: [Int: PartialCall] = [:]
    private var finishReason: String?
    private var usage: Usage?
    public private(set) var isDone = false

    public init() {}

    /// Decodes one SSE event's data; returns the events it completes.
    /// - Throws: `ModelError.badResponse` for data that is not a chunk, `.provider` for an in-stream error object.
    public mutating func decode(_ data: String) throws(ModelError) -> [ModelEvent] {
        if data == "[DONE]" { return finish() }
        guard !isDone else { return [] }
        let chunk: JSONValue
        do {
            chunk = try WireJSON.parse(data)
        } catch {
            throw .badResponse(provider: "openai", message: "stream chunk is not JSON: \(data.prefix(200))")
        }
        if let error = chunk["error"] {
            throw .provider(
                provider: "openai", type: error["type"]?.stringValue ?? error["code"]?.stringValue ?? "error",
                message: error["message"]?.stringValue ?? error.serialized())
        }
        var events: [ModelEvent] = []
        if let u = chunk["usage"], case .object = u {
            let cached = u["prompt_tokens_details"]?["cached_tokens"]?.intValue ?? 0
            let prompt = u["prompt_tokens"]?.intValue ?? 0
            usage = Usage(
                inputTokens: max(0, prompt - cached), outputTokens: u["completion_tokens"]?.intValue ?? 0,
                cacheReadTokens: cached)
        }
        for choice in chunk["choices"]?.arrayValue ?? [] {
            let delta = choice["delta"] ?? choice["message"] ?? .null
            if let text = delta["content"]?.stringValue, !text.isEmpty {
                events.append(.textDelta(text))
            }
            for piece in delta["tool_calls"]?.arrayValue ?? [] {
                let id = piece["id"]?.stringValue ?? ""
                let index = piece["index"]?.intValue ?? indexWithoutIndexField(id: id)
                var call = calls[index] ?? PartialCall()
                if !id.isEmpty { call.id = id }
                // The name comes whole in the first piece; some compatible servers repeat it in every piece.
                if let name = piece["function"]?["name"]?.stringValue, !name.isEmpty, call.name.isEmpty {
                    call.name = name
                }
                if let args = piece["function"]?["arguments"]?.stringValue {
                    call.arguments += args
                } else if let args = piece["function"]?["arguments"], case .object = args {
                    call.arguments += args.serialized()  // a few servers send parsed arguments
                }
                calls[index] = call
            }
            if let reason = choice["finish_reason"]?.stringValue { finishReason = reason }
        }
        return events
    }

    /// Servers that omit `index` (non-streamed `message.tool_calls`, a few compatible servers): a new id
    /// starts a new call, a piece without an id continues the last one.
    private func indexWithoutIndexField(id: String) -> Int {
        guard let last = calls.keys.max() else { return 0 }
        return id.isEmpty || calls[last]?.id == id ? last : last + 1
    }

    /// The body ended: fine after `[DONE]` or a `finish_reason` (some compatible servers omit `[DONE]`);
    /// otherwise the stream was cut short.
    /// - Throws: `ModelError.badResponse` for a stream that ended before the model finished.
    public mutating func endOfBody() throws(ModelError) -> [ModelEvent] {
        if isDone { return [] }
        guard finishReason != nil else {
            throw .badResponse(provider: "openai", message: "the stream ended before the model finished")
        }
        return finish()
    }

    /// Ends the stream (at `[DONE]`, or when the body ends without it): emits tool calls, usage and `.end`.
    public mutating func finish() -> [ModelEvent] {
        guard !isDone else { return [] }
        isDone = true
        var events: [ModelEvent] = []
        for index in calls.keys.sorted() {
            let call = calls[index]!
            let id = call.id.isEmpty ? "call_\(index)" : call.id
            events.append(.toolCall(ToolCall(id: id, name: call.name, arguments: Self.parseArguments(call.arguments))))
        }
        if let usage { events.append(.usage(usage)) }
        let stop: StopReason =
            switch finishReason {
            case "length": .maxTokens
            case "tool_calls", "function_call": .toolUse
            default: calls.isEmpty ? .endTurn : .toolUse
            }
        events.append(.end(stop))
        return events
    }

    /// The model's argument text as JSON; empty means `{}`; invalid JSON is kept verbatim as a string.
    static func parseArguments(_ text: String) -> JSONValue {
        if text.allSatisfy(\.isWhitespace) { return .object([:]) }
        return (try? WireJSON.parse(text)) ?? .string(text)
    }
}
