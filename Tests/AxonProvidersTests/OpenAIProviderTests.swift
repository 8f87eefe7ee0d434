import AxonConfig
import AxonCore
import AxonModels
import AxonProviders
import AxonTesting
import Testing

@Suite struct OpenAIProviderTests {
    @Test func streamsTextAndUsageAndSendsTheDocumentedRequest() async throws {
        let server = try await FakeModelServer.start(replies: [
            .text("Hel", "lo", usage: Usage(inputTokens: 20, outputTokens: 2, cacheReadTokens: 80))
        ])
        let outcome = await Harness.run(Harness.openAI(server))
        await server.stop()
        #expect(outcome.error == nil)
        #expect(outcome.text == "Hello")
        #expect(outcome.usage == Usage(inputTokens: 20, outputTokens: 2, cacheReadTokens: 80))
        #expect(outcome.events.last == .end(.endTurn))
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/v1/chat/completions")
        #expect(request.headers["authorization"] == "Bearer sk-test-key")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.body?["stream_options"]?["include_usage"] == true)
        #expect(request.body?["model"] == "gpt-4.1-mini")
        #expect(request.body?["messages"]?.arrayValue?.first?["role"] == "system")
        #expect(request.body?["tools"]?.arrayValue?.count == 1)
        #expect(request.body?["max_completion_tokens"] == nil, "not api.openai.com")
    }

    @Test func severalToolCallsWithArgumentsSplitAcrossChunks() async throws {
        let server = try await FakeModelServer.start(replies: [
            .toolCalls(
                [
                    ("call_a", "read_file", ["{\"pa", "th\": \"REA", "DME.md\"}"]),
                    ("call_b", "list_files", ["", "{}"]),
                    ("call_c", "search_files", ["{\"pattern\":", "\"todo\"", "}"]),
                ], text: "Let me look.")
        ])
        let outcome = await Harness.run(Harness.openAI(server))
        await server.stop()
        #expect(outcome.error == nil)
        #expect(outcome.text == "Let me look.")
        #expect(
            outcome.toolCalls == [
                ToolCall(id: "call_a", name: "read_file", arguments: ["path": "README.md"]),
                ToolCall(id: "call_b", name: "list_files", arguments: [:]),
                ToolCall(id: "call_c", name: "search_files", arguments: ["pattern": "todo"]),
            ])
        #expect(outcome.events.last == .end(.toolUse))
    }

    @Test func aServerThatIgnoresIncludeUsageGivesNoUsageAndNoError() async throws {
        let server = try await FakeModelServer.start(replies: [.text("ok", usage: nil).with { $0.omitDone = true }])
        let outcome = await Harness.run(Harness.openAI(server))
        await server.stop()
        #expect(outcome.error == nil)
        #expect(outcome.text == "ok")
        #expect(outcome.usage == nil)
        #expect(outcome.events.last == .end(.endTurn))
    }

    @Test func keepAlivesCRLFAndOneByteWrites() async throws {
        let reply = FakeReply.toolCalls([("c1", "ls", ["{\"a\":", "1}"])], text: "héllo 🙂").with {
            $0.keepAlives = true
            $0.crlf = true
            $0.writeSize = 1
        }
        let server = try await FakeModelServer.start(replies: [reply])
        let outcome = await Harness.run(Harness.openAI(server))
        await server.stop()
        #expect(outcome.error == nil)
        #expect(outcome.text == "héllo 🙂")
        #expect(outcome.toolCalls == [ToolCall(id: "c1", name: "ls", arguments: ["a": 1])])
    }

    @Test func aNonStreamedAnswerIsAccepted() async throws {
        let server = try await FakeModelServer.start(replies: [
            .toolCalls([("c1", "ls", ["{}"])], text: "whole").with { $0.streaming = false }
        ])
        let outcome = await Harness.run(Harness.openAI(server))
        await server.stop()
        #expect(outcome.error == nil)
        #expect(outcome.text == "whole")
        #expect(outcome.toolCalls.map(\.name) == ["ls"])
        #expect(outcome.usage == Usage(inputTokens: 10, outputTokens: 5))
    }

    @Test func aLocalServerWithoutAKeyGetsNoAuthorizationHeader() async throws {
        let server = try await FakeModelServer.start(replies: [.text("local")])
        let spec = ModelSpec(key: "local", provider: .openai, model: "llama3.2", baseURL: server.openAIBaseURL)
        let provider = try HTTPProviders.make(spec, environment: [:])
        let outcome = await Harness.run(provider)
        await server.stop()
        #expect(outcome.text == "local")
        #expect(server.requests.first?.headers["authorization"] == nil)
        #expect(server.requests.first?.body?["max_tokens"] == nil)
    }

    @Test func configuredMaxTokensUsesTheRightKey() async throws {
        let server = try await FakeModelServer.start(replies: [.text("x")])
        let spec = ModelSpec(
            key: "m", provider: .openai, model: "gpt-4.1", apiKeyEnv: "MY_KEY", baseURL: server.openAIBaseURL + "/",
            maxTokens: 77)
        _ = await Harness.run(try HTTPProviders.make(spec, environment: ["MY_KEY": "k-123"]))
        await server.stop()
        #expect(server.requests.first?.body?["max_tokens"] == 77)
        #expect(server.requests.first?.headers["authorization"] == "Bearer k-123")
        #expect(server.requests.first?.path == "/v1/chat/completions", "a trailing slash in base_url is trimmed")
    }

    @Test func aMissingKeyIsAnErrorBeforeAnyRequest() {
        let spec = ModelSpec(key: "m", provider: .openai, model: "gpt-4.1")
        #expect(throws: ModelError.missingAPIKey(provider: "openai", variable: "OPENAI_API_KEY", model: "gpt-4.1")) {
            _ = try HTTPProviders.make(spec, environment: ["OPENAI_API_KEY": ""])
        }
        let custom = ModelSpec(key: "m", provider: .anthropic, apiKeyEnv: "TEAM_KEY", baseURL: "http://proxy")
        #expect(
            throws: ModelError.missingAPIKey(provider: "anthropic", variable: "TEAM_KEY", model: "claude-sonnet-4-5")
        ) {
            _ = try HTTPProviders.make(custom, environment: [:])
        }
    }

    @Test func optionsFromTheEnvironment() {
        let options = HTTPProviders.options(environment: [
            "AXON_MODEL_ATTEMPTS": "2", "AXON_MODEL_IDLE_TIMEOUT": "300ms", "AXON_MODEL_TIMEOUT": "1m",
            "AXON_MODEL_CONNECT_TIMEOUT": "nonsense",
        ])
        #expect(options.retry.maxAttempts == 2)
        #expect(options.idleTimeout == .milliseconds(300))
        #expect(options.overallTimeout == .seconds(60))
        #expect(options.connectTimeout == .seconds(10))
    }
}
