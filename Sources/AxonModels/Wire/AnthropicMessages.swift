public import AxonCore

/// Anthropic Messages request bodies (`POST {base_url}/v1/messages`).
public enum AnthropicMessages {
    /// The streaming request body. The system prompt carries `cache_control` so a stable boot prompt is cached
    /// by the provider (axon keeps it byte-stable for that reason).
    public static func body(_ request: ModelRequest, model: String, maxTokens: Int) -> JSONValue {
        var body: [String: JSONValue] = [
            "model": .string(model),
            "max_tokens": .int(maxTokens),
            "messages": .array(messages(request.messages)),
            "stream": true,
        ]
        if !request.system.isEmpty {
            body["system"] = [
                ["type": "text", "text": .string(request.system), "cache_control": ["type": "ephemeral"]]
            ]
        }
        if !request.tools.isEmpty {
            body["tools"] = .array(
                request.tools.map {
                    ["name": .string($0.name), "description": .string($0.description), "input_schema": $0.inputSchema]
                })
        }
        return .object(body)
    }

    /// Messages must alternate user/assistant: consecutive tool results (and a user message after them) are
    /// merged into one user message of blocks.
    static func messages(_ messages: [Message]) -> [JSONValue] {
        var out: [(role: String, blocks: [JSONValue])] = []
        func append(_ role: String, _ blocks: [JSONValue]) {
            if let last = out.last, last.role == role {
                out[out.count - 1].blocks += blocks
            } else {
                out.append((role, blocks))
            }
        }
        for message in messages {
            switch message.role {
            case .system, .user:
                append("user", [["type": "text", "text": .string(nonEmpty(message.content))]])
            case .assistant:
                var blocks: [JSONValue] = []
                if let text = message.content, !text.isEmpty { blocks.append(["type": "text", "text": .string(text)]) }
                for call in message.toolCalls {
                    let input: JSONValue = if case .object = call.arguments { call.arguments } else { .object([:]) }
                    blocks.append([
                        "type": "tool_use", "id": .string(call.id), "name": .string(call.name), "input": input,
                    ])
                }
                if blocks.isEmpty { blocks.append(["type": "text", "text": .string(nonEmpty(nil))]) }
                append("assistant", blocks)
            case .tool:
                var block: [String: JSONValue] = [
                    "type": "tool_result", "tool_use_id": .string(message.callID ?? ""),
                    "content": .string(message.content ?? ""),
                ]
                if message.isError { block["is_error"] = true }
                append("user", [.object(block)])
            }
        }
        return out.map { ["role": .string($0.role), "content": .array($0.blocks)] }
    }

    /// The API rejects empty text blocks ("text content blocks must be non-empty"); an empty turn is sent as a
    /// visible placeholder rather than dropped, so user/assistant alternation is kept.
    static func nonEmpty(_ text: String?) -> String {
        guard let text, !text.allSatisfy(\.isWhitespace) else { return "(empty)" }
        return text
    }
}
