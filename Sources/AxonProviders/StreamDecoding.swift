import AxonCore
import AxonModels

/// A provider's wire decoder, as `HTTPStreamer` drives it: SSE events in, `ModelEvent`s out.
protocol StreamDecoding: Sendable {
    init()
    /// Decodes one SSE event.
    mutating func decode(_ event: SSEEvent) throws(ModelError) -> [ModelEvent]
    /// The body ended; returns the final events or throws for a stream cut short.
    mutating func endOfBody() throws(ModelError) -> [ModelEvent]
    /// Decodes a whole JSON response, for a server that ignored `stream: true`.
    static func decodeWhole(_ json: JSONValue) throws(ModelError) -> [ModelEvent]
}

extension OpenAIStreamDecoder: StreamDecoding {
    mutating func decode(_ event: SSEEvent) throws(ModelError) -> [ModelEvent] {
        try decode(event.data)
    }

    static func decodeWhole(_ json: JSONValue) throws(ModelError) -> [ModelEvent] {
        var decoder = OpenAIStreamDecoder()
        let events = try decoder.decode(json.serialized())
        return events + decoder.finish()
    }
}

extension AnthropicStreamDecoder: StreamDecoding {
    mutating func decode(_ event: SSEEvent) throws(ModelError) -> [ModelEvent] {
        try decode(event: event.event, data: event.data)
    }

    static func decodeWhole(_ json: JSONValue) throws(ModelError) -> [ModelEvent] {
        try decodeMessage(json)
    }
}
