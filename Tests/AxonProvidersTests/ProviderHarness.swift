import AxonCore
import AxonModels
import AxonProviders
import AxonTesting

/// What a provider streamed before it finished or failed.
struct Outcome {
    var events: [ModelEvent] = []
    var error: (any Error)?

    var text: String { events.compactMap { if case .textDelta(let t) = $0 { t } else { nil } }.joined() }
    var toolCalls: [ToolCall] { events.compactMap { if case .toolCall(let c) = $0 { c } else { nil } } }
    var usage: Usage? { events.compactMap { if case .usage(let u) = $0 { u } else { nil } }.last }
    var retries: [(code: String, message: String, wait: Duration)] {
        events.compactMap {
            if case .attemptFailed(let code, let message, let wait) = $0 { (code, message, wait) } else { nil }
        }
    }
    var modelError: ModelError? { error as? ModelError }
}

enum Harness {
    static let request = ModelRequest(
        system: "Be brief.", messages: [.user("hi")],
        tools: [ToolSpec(name: "read_file", description: "Read a file.", inputSchema: ["type": "object"])])

    /// Short timeouts so failure tests finish in well under a second of real time.
    static func options(attempts: Int = 4, idle: Duration = .seconds(5)) -> HTTPModelOptions {
        HTTPModelOptions(
            retry: RetryPolicy(maxAttempts: attempts), connectTimeout: .seconds(2), idleTimeout: idle,
            overallTimeout: .seconds(30))
    }

    static func openAI(
        _ server: FakeModelServer, key: String? = "sk-test-key", clock: InstantClock = InstantClock(),
        options: HTTPModelOptions = options()
    ) -> OpenAICompatibleProvider<InstantClock> {
        OpenAICompatibleProvider(
            model: "gpt-4.1-mini", baseURL: server.openAIBaseURL, apiKey: key, keyVariable: "OPENAI_API_KEY",
            options: options, clock: clock, jitter: { 0 })
    }

    static func anthropic(
        _ server: FakeModelServer, clock: InstantClock = InstantClock(), options: HTTPModelOptions = options()
    ) -> AnthropicProvider<InstantClock> {
        AnthropicProvider(
            model: "claude-sonnet-4-5", baseURL: server.anthropicBaseURL, apiKey: "sk-ant-test",
            keyVariable: "ANTHROPIC_API_KEY", maxTokens: 1024, options: options, clock: clock, jitter: { 0 })
    }

    static func run(_ provider: any ModelProvider, _ request: ModelRequest = request) async -> Outcome {
        var outcome = Outcome()
        do {
            for try await event in provider.stream(request) { outcome.events.append(event) }
        } catch {
            outcome.error = error
        }
        return outcome
    }
}
