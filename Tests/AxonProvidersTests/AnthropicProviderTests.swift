import AxonCore
import AxonModels
import AxonProviders
import AxonTesting
import Testing

@Suite struct AnthropicProviderTests {
    @Test func streamsTextToolUseAndCacheUsage() async throws {
        let usage = Usage(inputTokens: 12, outputTokens: 40, cacheReadTokens: 900, cacheWriteTokens: 100)
        let server = try await FakeModelServer.start(replies: [
            .toolCalls(
                [("toolu_1", "read_file", ["{\"path\"", ": \"a.md\"}"]), ("toolu_2", "list_files", [])],
                text: "Checking.", usage: usage
            ).with { $0.keepAlives = true }
        ])
        let outcome = await Harness.run(Harness.anthropic(server))
        await server.stop()
        #expect(outcome.error == nil)
        #expect(outcome.text == "Checking.")
        #expect(
            outcome.toolCalls == [
                ToolCall(id: "toolu_1", name: "read_file", arguments: ["path": "a.md"]),
                ToolCall(id: "toolu_2", name: "list_files", arguments: [:]),
            ])
        #expect(outcome.usage == usage)
        #expect(outcome.events.last == .end(.toolUse))
    }

    @Test func sendsTheDocumentedRequest() async throws {
        let server = try await FakeModelServer.start(replies: [.text("ok")])
        _ = await Harness.run(Harness.anthropic(server))
        await server.stop()
        let request = try #require(server.requests.first)
        #expect(request.path == "/v1/messages")
        #expect(request.headers["x-api-key"] == "sk-ant-test")
        #expect(request.headers["anthropic-version"] == "2023-06-01")
        #expect(request.headers["authorization"] == nil)
        #expect(request.body?["max_tokens"] == 1024)
        #expect(request.body?["stream"] == true)
        #expect(request.body?["system"]?.arrayValue?.first?["cache_control"] == ["type": "ephemeral"])
        #expect(request.body?["tools"]?.arrayValue?.first?["input_schema"] == ["type": "object"])
    }

    @Test func crlfAndSplitWritesAndAWholeAnswer() async throws {
        let server = try await FakeModelServer.start(replies: [
            .text("a", "b", "c").with {
                $0.crlf = true
                $0.writeSize = 3
            },
            .text("whole").with { $0.streaming = false },
        ])
        let first = await Harness.run(Harness.anthropic(server))
        let second = await Harness.run(Harness.anthropic(server))
        await server.stop()
        #expect(first.text == "abc")
        #expect(second.text == "whole")
        #expect(second.events.last == .end(.endTurn))
    }

    @Test func anErrorEventAfterTextFailsTheCallWithoutARetry() async throws {
        let server = try await FakeModelServer.start(replies: [
            FakeReply.text("partial ", "answer").with {
                $0.errorAfterChunks = 3  // message_start, block start, first delta
                $0.errorType = "overloaded_error"
                $0.errorMessage = "Overloaded"
            },
            .text("never sent"),
        ])
        let outcome = await Harness.run(Harness.anthropic(server))
        await server.stop()
        #expect(outcome.text == "partial ")
        guard case .interrupted(let endpoint, let message)? = outcome.modelError else {
            Issue.record("expected .interrupted, got \(String(describing: outcome.error))")
            return
        }
        #expect(endpoint == server.anthropicBaseURL)
        #expect(message.contains("overloaded_error: Overloaded"))
        #expect(server.requests.count == 1, "no retry after output began")
    }

    @Test func anOverloadErrorEventBeforeAnyOutputIsRetried() async throws {
        let clock = InstantClock()
        let server = try await FakeModelServer.start(replies: [
            FakeReply.text("x").with {
                $0.errorAfterChunks = 1
                $0.errorType = "overloaded_error"
                $0.errorMessage = "Overloaded"
            },
            .text("second try"),
        ])
        let outcome = await Harness.run(Harness.anthropic(server, clock: clock))
        await server.stop()
        #expect(outcome.error == nil)
        #expect(outcome.text == "second try")
        #expect(outcome.retries.map(\.code) == ["overloaded_error"])
    }

    @Test func status529IsRetried() async throws {
        let clock = InstantClock()
        let server = try await FakeModelServer.start(replies: [
            .error(status: 529, type: "overloaded_error", message: "Overloaded"), .text("fine"),
        ])
        let outcome = await Harness.run(Harness.anthropic(server, clock: clock))
        await server.stop()
        #expect(outcome.text == "fine")
        #expect(outcome.retries.map(\.code) == ["http_529"])
        #expect(clock.sleeps == [.milliseconds(250)], "base 0.5 s × jitter factor 0.5")
    }
}
