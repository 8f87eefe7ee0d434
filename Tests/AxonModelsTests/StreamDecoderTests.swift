import AxonCore
import AxonModels
import Testing

@Suite struct OpenAIStreamDecoderTests {
    func decode(_ chunks: [String], end: Bool = true) throws -> [ModelEvent] {
        var decoder = OpenAIStreamDecoder()
        var events: [ModelEvent] = []
        for chunk in chunks { events += try decoder.decode(chunk) }
        if end { events += try decoder.endOfBody() }
        return events
    }

    @Test func textThenUsageWithCachedTokensSubtracted() throws {
        let events = try decode([
            #"{"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}"#,
            #"{"choices":[{"index":0,"delta":{"content":"Hel"}}]}"#,
            #"{"choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]}"#,
            #"{"choices":[],"usage":{"prompt_tokens":100,"completion_tokens":7,"prompt_tokens_details":{"cached_tokens":60}}}"#,
            "[DONE]",
        ])
        #expect(
            events == [
                .textDelta("Hel"), .textDelta("lo"),
                .usage(Usage(inputTokens: 40, outputTokens: 7, cacheReadTokens: 60)), .end(.endTurn),
            ])
    }

    @Test func severalToolCallsWithArgumentsAcrossChunks() throws {
        let events = try decode([
            #"{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"a","type":"function","function":{"name":"read_file","arguments":""}}]}}]}"#,
            #"{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"pa"}}]}}]}"#,
            #"{"choices":[{"delta":{"tool_calls":[{"index":1,"id":"b","type":"function","function":{"name":"ls","arguments":"{}"}}]}}]}"#,
            #"{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"th\":\"x\"}"}}]}}]}"#,
            #"{"choices":[{"delta":{},"finish_reason":"tool_calls"}]}"#,
            "[DONE]",
        ])
        #expect(
            events == [
                .toolCall(ToolCall(id: "a", name: "read_file", arguments: ["path": "x"])),
                .toolCall(ToolCall(id: "b", name: "ls", arguments: [:])), .end(.toolUse),
            ])
    }

    @Test func usageAbsentIsNotAnErrorAndDoneMayBeMissingAfterAFinishReason() throws {
        let events = try decode([#"{"choices":[{"delta":{"content":"x"},"finish_reason":"length"}]}"#])
        #expect(events == [.textDelta("x"), .end(.maxTokens)])
    }

    @Test func aStreamCutBeforeTheFinishIsAnError() throws {
        #expect(throws: ModelError.self) { try decode([#"{"choices":[{"delta":{"content":"x"}}]}"#]) }
    }

    @Test func repeatedNamesAndInvalidArgumentsAreKept() throws {
        let events = try decode([
            #"{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"a","function":{"name":"ls","arguments":"{not"}}]}}]}"#,
            #"{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"name":"ls","arguments":" json"}}]}}]}"#,
            "[DONE]",
        ])
        #expect(events == [.toolCall(ToolCall(id: "a", name: "ls", arguments: .string("{not json"))), .end(.toolUse)])
    }

    @Test func inStreamErrorObjectThrows() {
        #expect(throws: ModelError.provider(provider: "openai", type: "server_error", message: "boom")) {
            try decode([#"{"error":{"message":"boom","type":"server_error"}}"#])
        }
    }

    @Test func garbageIsABadResponse() {
        #expect(throws: ModelError.self) { try decode(["{nope"]) }
    }
}

@Suite struct AnthropicStreamDecoderTests {
    func decode(_ events: [(String, String)]) throws -> [ModelEvent] {
        var decoder = AnthropicStreamDecoder()
        var out: [ModelEvent] = []
        for (name, data) in events { out += try decoder.decode(event: name, data: data) }
        return out + (try decoder.endOfBody())
    }

    @Test func textToolUseAndUsageWithCacheTokens() throws {
        let events = try decode([
            (
                "message_start",
                #"{"type":"message_start","message":{"usage":{"input_tokens":12,"cache_read_input_tokens":100,"cache_creation_input_tokens":50,"output_tokens":1}}}"#
            ),
            ("content_block_start", #"{"index":0,"content_block":{"type":"text","text":""}}"#),
            ("ping", #"{"type":"ping"}"#),
            ("content_block_delta", #"{"index":0,"delta":{"type":"text_delta","text":"Look"}}"#),
            ("content_block_stop", #"{"index":0}"#),
            (
                "content_block_start",
                #"{"index":1,"content_block":{"type":"tool_use","id":"tu_1","name":"ls","input":{}}}"#
            ),
            ("content_block_delta", #"{"index":1,"delta":{"type":"input_json_delta","partial_json":"{\"path\":"}}"#),
            ("content_block_delta", #"{"index":1,"delta":{"type":"input_json_delta","partial_json":"\"src\"}"}}"#),
            ("content_block_stop", #"{"index":1}"#),
            ("message_delta", #"{"delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":30}}"#),
            ("message_stop", #"{"type":"message_stop"}"#),
        ])
        #expect(
            events == [
                .textDelta("Look"), .toolCall(ToolCall(id: "tu_1", name: "ls", arguments: ["path": "src"])),
                .usage(Usage(inputTokens: 12, outputTokens: 30, cacheReadTokens: 100, cacheWriteTokens: 50)),
                .end(.toolUse),
            ])
    }

    @Test func anErrorEventAfterOutputFailsTheCall() {
        #expect(throws: ModelError.provider(provider: "anthropic", type: "overloaded_error", message: "Overloaded")) {
            try decode([
                ("content_block_delta", #"{"index":0,"delta":{"type":"text_delta","text":"Hi"}}"#),
                ("error", #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#),
            ])
        }
    }

    @Test func aStreamWithoutMessageStopIsAnError() {
        #expect(throws: ModelError.self) {
            try decode([("content_block_delta", #"{"index":0,"delta":{"type":"text_delta","text":"Hi"}}"#)])
        }
    }

    @Test func inputGivenWholeInTheBlockStartIsKept() throws {
        let events = try decode([
            (
                "content_block_start",
                #"{"index":0,"content_block":{"type":"tool_use","id":"t","name":"ls","input":{"a":1}}}"#
            ),
            ("content_block_stop", #"{"index":0}"#),
            ("message_delta", #"{"delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":3}}"#),
        ])
        #expect(events.first == .toolCall(ToolCall(id: "t", name: "ls", arguments: ["a": 1])))
        #expect(events.last == .end(.toolUse))
    }

    @Test func wholeMessage() throws {
        let message = try JSONValue(
            parsing: #"""
                {"content":[{"type":"text","text":"ok"},{"type":"tool_use","id":"t","name":"ls","input":{"a":1}}],
                 "stop_reason":"tool_use","usage":{"input_tokens":3,"output_tokens":4}}
                """#)
        #expect(
            try AnthropicStreamDecoder.decodeMessage(message) == [
                .textDelta("ok"), .toolCall(ToolCall(id: "t", name: "ls", arguments: ["a": 1])),
                .usage(Usage(inputTokens: 3, outputTokens: 4)), .end(.toolUse),
            ])
    }
}
