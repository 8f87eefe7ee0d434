import AxonCore

/// The wire format a request to `FakeModelServer` used, decided by its path.
enum FakeWire: Sendable {
    case openai, anthropic
}

/// Renders a `FakeReply` as the bytes OpenAI Chat Completions or Anthropic Messages would send.
extension FakeReply {
    var text: String {
        parts.compactMap { if case .text(let t) = $0 { t } else { nil } }.joined()
    }
    var calls: [(id: String, name: String, arguments: [String])] {
        parts.compactMap { if case .toolCall(let id, let name, let pieces) = $0 { (id, name, pieces) } else { nil } }
    }

    /// The SSE events of a streamed reply, each ending in a blank line.
    func events(_ wire: FakeWire, model: String) -> [String] {
        let events = wire == .openai ? openAIEvents(model) : anthropicEvents(model)
        return crlf ? events.map { $0.replacingNewlines() } : events
    }

    func streamErrorEvent(_ wire: FakeWire) -> String {
        let event =
            switch wire {
            case .openai: Self.data(["error": ["message": .string(errorMessage), "type": .string(errorType)]])
            case .anthropic:
                "event: error\n"
                    + Self.data([
                        "type": "error", "error": ["type": .string(errorType), "message": .string(errorMessage)],
                    ])
            }
        return crlf ? event.replacingNewlines() : event
    }

    func keepAlive(_ wire: FakeWire) -> String {
        let event =
            wire == .anthropic ? ": keep-alive\n\nevent: ping\ndata: {\"type\":\"ping\"}\n\n" : ": keep-alive\n\n"
        return crlf ? event.replacingNewlines() : event
    }

    /// The body of an HTTP error, in the provider's error shape.
    func errorBody(_ wire: FakeWire) -> String {
        switch wire {
        case .openai:
            JSONValue.object([
                "error": [
                    "message": .string(errorMessage), "type": .string(errorType), "code": .string(errorType),
                ]
            ]).serialized()
        case .anthropic:
            JSONValue.object([
                "type": "error", "error": ["type": .string(errorType), "message": .string(errorMessage)],
            ]).serialized()
        }
    }

    /// The whole non-streamed response.
    func wholeBody(_ wire: FakeWire, model: String) -> String {
        let u = usage ?? .zero
        switch wire {
        case .openai:
            var message: [String: JSONValue] = ["role": "assistant", "content": text.isEmpty ? .null : .string(text)]
            if !calls.isEmpty {
                message["tool_calls"] = .array(
                    calls.map {
                        [
                            "id": .string($0.id), "type": "function",
                            "function": ["name": .string($0.name), "arguments": .string($0.arguments.joined())],
                        ]
                    })
            }
            var body: [String: JSONValue] = [
                "id": "chatcmpl-fake", "object": "chat.completion", "model": .string(model),
                "choices": [
                    ["index": 0, "message": .object(message), "finish_reason": calls.isEmpty ? "stop" : "tool_calls"]
                ],
            ]
            if usage != nil { body["usage"] = openAIUsage(u) }
            return JSONValue.object(body).serialized()
        case .anthropic:
            var blocks: [JSONValue] = text.isEmpty ? [] : [["type": "text", "text": .string(text)]]
            for call in calls {
                let input = (try? JSONValue(parsing: call.arguments.joined())) ?? .object([:])
                blocks.append(["type": "tool_use", "id": .string(call.id), "name": .string(call.name), "input": input])
            }
            return JSONValue.object([
                "id": "msg_fake", "type": "message", "role": "assistant", "model": .string(model),
                "content": .array(blocks), "stop_reason": calls.isEmpty ? "end_turn" : "tool_use",
                "usage": anthropicUsage(u),
            ]).serialized()
        }
    }

    private func openAIEvents(_ model: String) -> [String] {
        func chunk(_ delta: JSONValue, finish: JSONValue = .null) -> String {
            Self.data([
                "id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1, "model": .string(model),
                "choices": [["index": 0, "delta": delta, "finish_reason": finish]],
            ])
        }
        var out = [chunk(["role": "assistant", "content": ""])]
        var index = 0
        for part in parts {
            switch part {
            case .text(let piece):
                out.append(chunk(["content": .string(piece)]))
            case .toolCall(let id, let name, let pieces):
                let first = pieces.first ?? ""
                out.append(
                    chunk([
                        "tool_calls": [
                            [
                                "index": .int(index), "id": .string(id), "type": "function",
                                "function": ["name": .string(name), "arguments": .string(first)],
                            ]
                        ]
                    ]))
                for piece in pieces.dropFirst() {
                    out.append(
                        chunk(["tool_calls": [["index": .int(index), "function": ["arguments": .string(piece)]]]]))
                }
                index += 1
            }
        }
        out.append(chunk(.object([:]), finish: calls.isEmpty ? "stop" : "tool_calls"))
        if let usage {
            out.append(
                Self.data([
                    "id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1, "model": .string(model),
                    "choices": [], "usage": openAIUsage(usage),
                ]))
        }
        if !omitDone { out.append("data: [DONE]\n\n") }
        return out
    }

    private func anthropicEvents(_ model: String) -> [String] {
        func event(_ name: String, _ payload: [String: JSONValue]) -> String {
            var payload = payload
            payload["type"] = .string(name)
            return "event: \(name)\n" + Self.data(.object(payload))
        }
        let u = usage ?? .zero
        var start = anthropicUsage(u)
        if case .object(var fields) = start {
            fields["output_tokens"] = 1
            start = .object(fields)
        }
        var out = [
            event(
                "message_start",
                [
                    "message": [
                        "id": "msg_fake", "type": "message", "role": "assistant", "model": .string(model),
                        "content": [], "stop_reason": .null, "usage": start,
                    ]
                ])
        ]
        var index = 0
        var inText = false
        func closeText() {
            guard inText else { return }
            out.append(event("content_block_stop", ["index": .int(index)]))
            index += 1
            inText = false
        }
        for part in parts {
            switch part {
            case .text(let piece):
                if !inText {
                    out.append(
                        event(
                            "content_block_start",
                            ["index": .int(index), "content_block": ["type": "text", "text": ""]]))
                    inText = true
                }
                out.append(
                    event(
                        "content_block_delta",
                        ["index": .int(index), "delta": ["type": "text_delta", "text": .string(piece)]]))
            case .toolCall(let id, let name, let pieces):
                closeText()
                out.append(
                    event(
                        "content_block_start",
                        [
                            "index": .int(index),
                            "content_block": [
                                "type": "tool_use", "id": .string(id), "name": .string(name), "input": [:],
                            ],
                        ]))
                for piece in pieces {
                    out.append(
                        event(
                            "content_block_delta",
                            [
                                "index": .int(index),
                                "delta": ["type": "input_json_delta", "partial_json": .string(piece)],
                            ]))
                }
                out.append(event("content_block_stop", ["index": .int(index)]))
                index += 1
            }
        }
        closeText()
        out.append(
            event(
                "message_delta",
                [
                    "delta": ["stop_reason": calls.isEmpty ? "end_turn" : "tool_use", "stop_sequence": .null],
                    "usage": ["output_tokens": .int(u.outputTokens)],
                ]))
        out.append(event("message_stop", [:]))
        return out
    }

    private func openAIUsage(_ u: Usage) -> JSONValue {
        let prompt = u.inputTokens + u.cacheReadTokens
        return [
            "prompt_tokens": .int(prompt), "completion_tokens": .int(u.outputTokens),
            "total_tokens": .int(prompt + u.outputTokens),
            "prompt_tokens_details": ["cached_tokens": .int(u.cacheReadTokens)],
        ]
    }

    private func anthropicUsage(_ u: Usage) -> JSONValue {
        [
            "input_tokens": .int(u.inputTokens), "output_tokens": .int(u.outputTokens),
            "cache_read_input_tokens": .int(u.cacheReadTokens), "cache_creation_input_tokens": .int(u.cacheWriteTokens),
        ]
    }

    private static func data(_ payload: JSONValue) -> String { "data: \(payload.serialized())\n\n" }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
    }
}
