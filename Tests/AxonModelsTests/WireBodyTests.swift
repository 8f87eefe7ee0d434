import AxonCore
import AxonModels
import Testing

@Suite struct WireBodyTests {
    static let call = ToolCall(id: "call_1", name: "read_file", arguments: ["path": "README.md"])
    static let request = ModelRequest(
        system: "Be brief.",
        messages: [
            .user("read it"), .assistant("Reading.", toolCalls: [call]),
            .tool(callID: "call_1", content: "# axon", isError: false), .user("and now?"),
        ],
        tools: [ToolSpec(name: "read_file", description: "Read a file.", inputSchema: ["type": "object"])])

    @Test func openAIBody() throws {
        let body = OpenAIChat.body(Self.request, model: "gpt-4.1-mini", maxTokens: 512)
        let expected = """
            {"max_tokens":512,"messages":[{"content":"Be brief.","role":"system"},{"content":"read it","role":"user"},\
            {"content":"Reading.","role":"assistant","tool_calls":[{"function":{"arguments":"{\\"path\\":\\"README.md\\"}",\
            "name":"read_file"},"id":"call_1","type":"function"}]},{"content":"# axon","role":"tool","tool_call_id":"call_1"},\
            {"content":"and now?","role":"user"}],"model":"gpt-4.1-mini","stream":true,"stream_options":{"include_usage":true},\
            "tools":[{"function":{"description":"Read a file.","name":"read_file","parameters":{"type":"object"}},"type":"function"}]}
            """
        #expect(body.serialized() == expected)
    }

    @Test func openAIMaxTokensKeyAndEmptyTurns() {
        let request = ModelRequest(
            system: "", messages: [.assistant(nil), .assistant(nil, toolCalls: [Self.call])])
        let body = OpenAIChat.body(request, model: "m", maxTokens: 9, maxTokensKey: "max_completion_tokens")
        #expect(body["max_completion_tokens"] == 9)
        #expect(body["max_tokens"] == nil)
        let messages = body["messages"]?.arrayValue ?? []
        #expect(messages.count == 2, "no system message when the prompt is empty")
        #expect(messages[0]["content"] == "", "an empty turn sends an empty string")
        #expect(messages[1]["content"] == .null, "null content beside tool calls")
        #expect(OpenAIChat.body(request, model: "m", maxTokens: nil)["max_tokens"] == nil)
    }

    @Test func anthropicBodyCachesTheSystemPromptAndMergesToolResults() {
        let request = ModelRequest(
            system: "Be brief.",
            messages: [
                .user("two calls"),
                .assistant(nil, toolCalls: [Self.call, ToolCall(id: "call_2", name: "ls", arguments: .string("bad"))]),
                .tool(callID: "call_1", content: "# axon"), .tool(callID: "call_2", content: "boom", isError: true),
                .user("summarise"),
            ])
        let body = AnthropicMessages.body(request, model: "claude-sonnet-4-5", maxTokens: 1024)
        #expect(body["max_tokens"] == 1024)
        #expect(body["stream"] == true)
        #expect(body["tools"] == nil)
        #expect(
            body["system"] == [["type": "text", "text": "Be brief.", "cache_control": ["type": "ephemeral"]]])
        let messages = body["messages"]?.arrayValue ?? []
        #expect(messages.map { $0["role"]?.stringValue ?? "" } == ["user", "assistant", "user"])
        #expect(
            messages[1]["content"] == [
                ["type": "tool_use", "id": "call_1", "name": "read_file", "input": ["path": "README.md"]],
                ["type": "tool_use", "id": "call_2", "name": "ls", "input": [:]],
            ])
        #expect(
            messages[2]["content"] == [
                ["type": "tool_result", "tool_use_id": "call_1", "content": "# axon"],
                ["type": "tool_result", "tool_use_id": "call_2", "content": "boom", "is_error": true],
                ["type": "text", "text": "summarise"],
            ])
    }

    @Test func anthropicToolsAndEmptyText() {
        let body = AnthropicMessages.body(
            ModelRequest(system: "", messages: [.user("")], tools: Self.request.tools), model: "m", maxTokens: 5)
        #expect(body["system"] == nil)
        #expect(
            body["tools"] == [["name": "read_file", "description": "Read a file.", "input_schema": ["type": "object"]]])
        #expect(body["messages"]?.arrayValue?.first?["content"] == [["type": "text", "text": "(empty)"]])
    }
}
