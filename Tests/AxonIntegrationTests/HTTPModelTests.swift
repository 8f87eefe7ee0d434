import AxonCore
import AxonTesting
import Foundation
import Testing

/// `axon run -p` against `FakeModelServer` through the built binary: both wire formats, billing, retries,
/// failures and secrets as a user sees them (stdout, stderr, exit code, the trace).
@Suite(.serialized) struct HTTPModelTests {
    let cli = AxonCLIRunner()
    static let key = "sk-live-abcdef0123456789"

    func workspace(_ server: FakeModelServer) throws -> TemporaryWorkspace {
        let fleet = """
            version: 1
            models:
              gpt: {provider: openai, model: gpt-4.1-mini, base_url: "\(server.openAIBaseURL)",
                    price: {input: 2, output: 8, cache_read: 0.5}}
              claude: {provider: anthropic, model: claude-sonnet-4-5, base_url: "\(server.anthropicBaseURL)",
                       max_tokens: 2048, price: {input: 3, output: 15, cache_read: 0.3, cache_write: 3.75}}
            defaults:
              model: gpt
            agents:
              default: {instructions: "Be brief."}
              claudia: {model: claude}
            """
        return try TemporaryWorkspace(files: ["fleet.yaml": fleet])
    }

    /// No test here waits on a silent stream, so the idle timeout is generous: under a loaded suite the
    /// in-process fake can take seconds to answer, and a short timeout would fail a request it does answer.
    var environment: [String: String] {
        ["OPENAI_API_KEY": Self.key, "ANTHROPIC_API_KEY": Self.key, "AXON_MODEL_IDLE_TIMEOUT": "60s"]
    }

    func trace(_ ws: TemporaryWorkspace) throws -> [JSONValue] {
        try TraceLines.read(try #require(ws.traceFiles().first))
    }

    @Test func openAIJSONUsageAndCostFollowTheConfiguredPrice() async throws {
        let server = try await FakeModelServer.start(replies: [
            .text("Hello ", "there.", usage: Usage(inputTokens: 1000, outputTokens: 200, cacheReadTokens: 4000))
        ])
        let ws = try workspace(server)
        defer { ws.remove() }
        let r = try await cli.run(["run", "-p", "hi", "--json"], cwd: ws.path, environment: environment)
        await server.stop()
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try JSONValue(parsing: r.stdout)
        #expect(json["text"] == "Hello there.")
        #expect(json["usage"] == Usage(inputTokens: 1000, outputTokens: 200, cacheReadTokens: 4000).json)
        let expected: Double = (1000.0 * 2 + 200.0 * 8 + 4000.0 * 0.5) / 1e6
        #expect(abs((json["cost_usd"]?.doubleValue ?? -1) - expected) < 1e-12)
        let call = try #require(try trace(ws).first { $0["type"] == "model.call" })
        #expect(call["provider"] == "openai")
        #expect(call["model"] == "gpt-4.1-mini")
        #expect(abs((call["billing"]?["cost_usd"]?.doubleValue ?? -1) - expected) < 1e-12)
        #expect(server.requests.first?.body?["max_tokens"] == nil)
    }

    @Test func anthropicJSONUsageIncludesCacheTokens() async throws {
        let usage = Usage(inputTokens: 50, outputTokens: 100, cacheReadTokens: 10_000, cacheWriteTokens: 2_000)
        let server = try await FakeModelServer.start(replies: [.text("Bonjour.", usage: usage)])
        let ws = try workspace(server)
        defer { ws.remove() }
        let r = try await cli.run(
            ["run", "-a", "claudia", "-p", "hi", "--json"], cwd: ws.path, environment: environment)
        await server.stop()
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let json = try JSONValue(parsing: r.stdout)
        #expect(json["text"] == "Bonjour.")
        #expect(json["usage"] == usage.json)
        let expected: Double = (50.0 * 3 + 100.0 * 15 + 10_000.0 * 0.3 + 2_000.0 * 3.75) / 1e6
        #expect(abs((json["cost_usd"]?.doubleValue ?? -1) - expected) < 1e-12)
        let request = try #require(server.requests.first)
        #expect(request.body?["max_tokens"] == 2048)
        #expect(request.headers["x-api-key"] == Self.key)
    }

    @Test func toolCallRoundTripSendsTheResultBack() async throws {
        let server = try await FakeModelServer.start(replies: [
            .toolCalls([("call_1", "read_file", ["{\"path\":", "\"README.md\"}"])]), .text("Done."),
        ])
        let ws = try workspace(server)
        defer { ws.remove() }
        let r = try await cli.run(["run", "-p", "read it"], cwd: ws.path, environment: environment)
        await server.stop()
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.hasSuffix("Done.\n"))
        #expect(TraceLines.types(try trace(ws)).filter { $0 == "model.call" }.count == 2)
        let messages = try #require(server.requests.last?.body?["messages"]?.arrayValue)
        #expect(messages.last?["role"] == "tool")
        #expect(messages.last?["tool_call_id"] == "call_1")
        #expect(messages[messages.count - 2]["tool_calls"]?.arrayValue?.first?["id"] == "call_1")
    }

    @Test func a429IsOneErrorLineThenOneModelCall() async throws {
        let server = try await FakeModelServer.start(replies: [
            .error(status: 429, message: "Rate limit reached", headers: ["retry-after": "0"]), .text("ok"),
        ])
        let ws = try workspace(server)
        defer { ws.remove() }
        let r = try await cli.run(["run", "-p", "hi"], cwd: ws.path, environment: environment)
        await server.stop()
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout == "ok\n")
        #expect(r.stderr.contains("429 from \(server.openAIBaseURL): rate limited"))
        let lines = try trace(ws)
        let types = TraceLines.types(lines)
        #expect(types.filter { $0 == "error" || $0 == "model.call" } == ["error", "model.call"])
        let error = try #require(lines.first { $0["type"] == "error" })
        #expect(error["code"] == "model_http_429")
        #expect(error["message"]?.stringValue?.contains("retrying in 0ms (attempt 2 of 4)") == true)
    }

    @Test func aFailureAfterTheFirstDeltaEndsTheRequestInError() async throws {
        let server = try await FakeModelServer.start(replies: [
            FakeReply.text("partial", " rest").with {
                $0.errorAfterChunks = 2
                $0.errorMessage = "stream exploded"
            }
        ])
        let ws = try workspace(server)
        defer { ws.remove() }
        let r = try await cli.run(["run", "-p", "hi"], cwd: ws.path, environment: environment)
        await server.stop()
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("partial"))
        #expect(r.stderr.contains("broke after output began"), "stderr: \(r.stderr)")
        let lines = try trace(ws)
        #expect(lines.first { $0["type"] == "request.end" }?["status"] == "error")
        #expect(!TraceLines.types(lines).contains("model.call"))
        #expect(server.requests.count == 1)
    }

    @Test func theKeyNeverReachesTheTraceEvenWhenTheServerEchoesIt() async throws {
        let server = try await FakeModelServer.start(replies: [
            .error(status: 401, type: "invalid_api_key", message: "Incorrect API key provided: \(Self.key)")
        ])
        let ws = try workspace(server)
        defer { ws.remove() }
        let r = try await cli.run(
            ["run", "-p", "my key is \(Self.key)"], cwd: ws.path, environment: environment)
        await server.stop()
        #expect(r.status == 1)
        #expect(r.stderr.contains("401 from \(server.openAIBaseURL): check OPENAI_API_KEY"), "stderr: \(r.stderr)")
        #expect(!r.stderr.contains(Self.key))
        let text = try String(contentsOfFile: try #require(ws.traceFiles().first), encoding: .utf8)
        #expect(!text.contains(Self.key))
        #expect(text.contains("model_failed"))
    }
}
