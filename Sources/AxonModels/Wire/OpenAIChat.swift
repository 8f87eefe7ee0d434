public import AxonCore

/// OpenAI Chat Completions request bodies (`POST {base_url}/chat/completions`).
///
/// Also spoken by Ollama, vLLM, llama.cpp server, LiteLLM and OpenRouter.
public enum OpenAIChat {
    /// The streaming request body for `request`.
    /// - Parameter maxTokensKey: `max_completion_tokens` for OpenAI's own API (its newer models reject
    ///   `max_tokens`), `max_tokens` for compatible servers.
    public static func body(
        _ request: ModelRequest, model: String, maxTokens: Int?, maxTokensKey: String = "max_tokens"
    ) -> JSONValue {
        var messages: [JSONValue] = []
        if !request.system.isEmpty {
            messages.append(["role": "system", "content": .string(request.system)])
        }
        for message in request.messages {
            messages.append(encode(message))
        }
        var body: [String: JSONValue] = [
            "model": .string(model),
            "messages": .array(messages),
            "stream": true,
            "stream_options": ["include_usage": true],
        ]
        if let maxTokens { body[maxTokensKey] = .int(maxTokens) }
        if !request.tools.isEmpty {
            body["tools"] = .array(
                request.tools.map { tool in
                    [
                        "type": "function",
                        "function": [
                            "name": .string(tool.name), "description": .string(tool.description),
                            "parameters": tool.inputSchema,
                        ],
                    ]
                })
        }
        return .object(body)
    }

    static func encode(_ message: Message) -> JSONValue {
        switch message.role {
        case .system, .user:
            return ["role": .string(message.role.rawValue), "content": .string(message.content ?? "")]
        case .assistant:
            // `content: null` is accepted only beside tool calls; an empty turn sends "".
            let empty: JSONValue = message.toolCalls.isEmpty ? "" : .null
            var fields: [String: JSONValue] = [
                "role": "assistant", "content": message.content.map(JSONValue.string) ?? empty,
            ]
            if !message.toolCalls.isEmpty {
                fields["tool_calls"] = .array(
                    message.toolCalls.map { call in
                        [
                            "id": .string(call.id), "type": "function",
                            "function": [
                                "name": .string(call.name), "arguments": .string(argumentsText(call.arguments)),
                            ],
                        ]
                    })
            }
            return .object(fields)
        case .tool:
            return [
                "role": "tool", "tool_call_id": .string(message.callID ?? ""),
                "content": .string(message.content ?? ""),
            ]
        }
    }

    /// Arguments as the JSON text OpenAI expects; arguments the model got wrong (kept as a raw string) go back
    /// verbatim so the conversation shows the model what it sent.
    static func argumentsText(_ arguments: JSONValue) -> String {
        if case .string(let raw) = arguments { return raw }
        return arguments.serialized()
    }
}
