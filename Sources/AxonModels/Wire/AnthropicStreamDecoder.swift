public import AxonCore

/// Turns Anthropic Messages stream events into `ModelEvent`s.
///
/// `message_start` carries input and cache usage, `content_block_*` build text (emitted as it arrives) and
/// `tool_use` blocks (their `input_json_delta` pieces concatenated and parsed at `content_block_stop`),
/// `message_delta` the stop reason and output tokens, `message_stop` ends. `ping` is ignored; an `error` event,
/// even after HTTP 200, fails the call.
public struct AnthropicStreamDecoder: Sendable {
    struct Block: Sendable {
        var isTool: Bool
        var id = ""
        var name = ""
        var json = ""
        /// The `input` of `content_block_start`: `{}` from Anthropic, the whole input from some proxies.
        var startInput: JSONValue = .object([:])
    }

    private var blocks: [Int: Block] = [:]
    private var usage = Usage.zero
    private var stopReason: String?
    public private(set) var isDone = false

    public init() {}

    /// Decodes one SSE event (its `event:` name and `data:`).
    public mutating func decode(event: String?, data: String) throws(ModelError) -> [ModelEvent] {
        guard !isDone else { return [] }
        let payload: JSONValue
        do {
            payload = try WireJSON.parse(data)
        } catch {
            throw .badResponse(provider: "anthropic", message: "stream event is not JSON: \(data.prefix(200))")
        }
        let type = event ?? payload["type"]?.stringValue ?? ""
        switch type {
        case "message_start":
            let u = payload["message"]?["usage"]
            usage.inputTokens = u?["input_tokens"]?.intValue ?? 0
            usage.cacheReadTokens = u?["cache_read_input_tokens"]?.intValue ?? 0
            usage.cacheWriteTokens = u?["cache_creation_input_tokens"]?.intValue ?? 0
            usage.outputTokens = u?["output_tokens"]?.intValue ?? 0
            return []
        case "content_block_start":
            let index = payload["index"]?.intValue ?? blocks.count
            let block = payload["content_block"]
            if block?["type"]?.stringValue == "tool_use" {
                blocks[index] = Block(
                    isTool: true, id: block?["id"]?.stringValue ?? "", name: block?["name"]?.stringValue ?? "",
                    startInput: block?["input"] ?? .object([:]))
                return []
            }
            blocks[index] = Block(isTool: false)
            if let text = block?["text"]?.stringValue, !text.isEmpty { return [.textDelta(text)] }
            return []
        case "content_block_delta":
            let index = payload["index"]?.intValue ?? 0
            let delta = payload["delta"]
            switch delta?["type"]?.stringValue {
            case "text_delta":
                let text = delta?["text"]?.stringValue ?? ""
                return text.isEmpty ? [] : [.textDelta(text)]
            case "input_json_delta":
                blocks[index, default: Block(isTool: true)].json += delta?["partial_json"]?.stringValue ?? ""
                return []
            default:
                return []  // thinking and signature deltas are not surfaced
            }
        case "content_block_stop":
            let index = payload["index"]?.intValue ?? 0
            guard let block = blocks[index], block.isTool else { return [] }
            let input: JSONValue =
                block.json.allSatisfy(\.isWhitespace)
                ? block.startInput : (try? WireJSON.parse(block.json)) ?? .string(block.json)
            return [.toolCall(ToolCall(id: block.id, name: block.name, arguments: input))]
        case "message_delta":
            if let reason = payload["delta"]?["stop_reason"]?.stringValue { stopReason = reason }
            // Output tokens are cumulative here; newer API versions repeat input and cache counts too.
            let u = payload["usage"]
            if let out = u?["output_tokens"]?.intValue { usage.outputTokens = out }
            if let input = u?["input_tokens"]?.intValue { usage.inputTokens = input }
            if let read = u?["cache_read_input_tokens"]?.intValue { usage.cacheReadTokens = read }
            if let write = u?["cache_creation_input_tokens"]?.intValue { usage.cacheWriteTokens = write }
            return []
        case "message_stop":
            return finish()
        case "error":
            let error = payload["error"]
            throw .provider(
                provider: "anthropic", type: error?["type"]?.stringValue ?? "error",
                message: error?["message"]?.stringValue ?? data)
        default:
            return []  // ping, and event types added after this was written
        }
    }

    /// The body ended: fine after `message_stop` or a `message_delta` with a stop reason; otherwise the stream
    /// was cut short.
    /// - Throws: `ModelError.badResponse` for a stream that ended before the model finished.
    public mutating func endOfBody() throws(ModelError) -> [ModelEvent] {
        if isDone { return [] }
        guard stopReason != nil else {
            throw .badResponse(provider: "anthropic", message: "the stream ended before message_stop")
        }
        return finish()
    }

    /// Decodes a whole non-streamed response (`{content: [blocks], stop_reason, usage}`), for servers that
    /// answer a streaming request with plain JSON.
    /// - Throws: `ModelError.provider` for an error body, `.badResponse` for anything else that is not a message.
    public static func decodeMessage(_ message: JSONValue) throws(ModelError) -> [ModelEvent] {
        if message["type"]?.stringValue == "error" {
            throw .provider(
                provider: "anthropic", type: message["error"]?["type"]?.stringValue ?? "error",
                message: message["error"]?["message"]?.stringValue ?? message.serialized())
        }
        guard let blocks = message["content"]?.arrayValue else {
            throw .badResponse(provider: "anthropic", message: "the response has no `content`")
        }
        var events: [ModelEvent] = []
        for block in blocks {
            switch block["type"]?.stringValue {
            case "text":
                if let text = block["text"]?.stringValue, !text.isEmpty { events.append(.textDelta(text)) }
            case "tool_use":
                events.append(
                    .toolCall(
                        ToolCall(
                            id: block["id"]?.stringValue ?? "", name: block["name"]?.stringValue ?? "",
                            arguments: block["input"] ?? .object([:]))))
            default:
                break
            }
        }
        var decoder = AnthropicStreamDecoder()
        _ = try decoder.decode(event: "message_start", data: JSONValue.object(["message": message]).serialized())
        decoder.stopReason = message["stop_reason"]?.stringValue
        return events + decoder.finish()
    }

    /// Ends the stream: usage then `.end`. A body that ends without `message_stop` is an error for the caller to
    /// raise (it knows whether the connection dropped); this only builds the final events.
    public mutating func finish() -> [ModelEvent] {
        guard !isDone else { return [] }
        isDone = true
        let stop: StopReason =
            switch stopReason {
            case "tool_use": .toolUse
            case "max_tokens": .maxTokens
            default: .endTurn
            }
        return [.usage(usage), .end(stop)]
    }
}
