import AxonCore
public import AxonModels

/// OpenAI Chat Completions over SSE: api.openai.com and compatible servers (Ollama, vLLM, llama.cpp,
/// LiteLLM, OpenRouter).
///
/// `POST {baseURL}/chat/completions` with `Authorization: Bearer KEY` (no header when there is no key, for
/// local servers), `stream: true` and `stream_options.include_usage` (usage absent when a server ignores it).
/// OpenAI's own API gets `max_completion_tokens`, other base URLs `max_tokens`. Retries, timeouts and
/// cancellation follow `HTTPStreamer`'s contract.
public struct OpenAICompatibleProvider<C: Clock<Duration>>: ModelProvider {
    public static var defaultBaseURL: String { "https://api.openai.com/v1" }

    public let provider = "openai"
    public let model: String
    public let baseURL: String
    let apiKey: String?
    let keyVariable: String?
    let maxTokens: Int?
    let streamer: HTTPStreamer<C>

    /// - Parameters:
    ///   - apiKey: sent as a bearer token; nil sends none (local servers).
    ///   - keyVariable: the variable the key came from, named in a 401's remedy.
    ///   - maxTokens: the default output cap when a request names none.
    ///   - clock: the backoff clock (`ContinuousClock()` in production).
    public init(
        model: String, baseURL: String? = nil, apiKey: String?, keyVariable: String? = nil, maxTokens: Int? = nil,
        options: HTTPModelOptions = HTTPModelOptions(), clock: C,
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.model = model
        self.baseURL = ProviderURL.trimmed(baseURL ?? Self.defaultBaseURL)
        self.apiKey = apiKey
        self.keyVariable = keyVariable
        self.maxTokens = maxTokens
        self.streamer = HTTPStreamer(options: options, clock: clock, jitter: jitter)
    }

    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error> {
        let isOpenAI = baseURL.hasPrefix("https://api.openai.com")
        let body = OpenAIChat.body(
            request, model: model, maxTokens: request.maxTokens ?? maxTokens,
            maxTokensKey: isOpenAI ? "max_completion_tokens" : "max_tokens")
        var headers = ProviderURL.commonHeaders
        if let apiKey { headers.append(("authorization", "Bearer \(apiKey)")) }
        let call = HTTPCall(
            provider: provider, endpoint: baseURL, url: baseURL + "/chat/completions", headers: headers,
            body: body.serialized(), keyVariable: keyVariable, model: model, secret: apiKey)
        return streamer.stream(call, decoder: OpenAIStreamDecoder.self)
    }
}

extension OpenAICompatibleProvider where C == ContinuousClock {
    public init(
        model: String, baseURL: String? = nil, apiKey: String?, keyVariable: String? = nil, maxTokens: Int? = nil,
        options: HTTPModelOptions = HTTPModelOptions()
    ) {
        self.init(
            model: model, baseURL: baseURL, apiKey: apiKey, keyVariable: keyVariable, maxTokens: maxTokens,
            options: options, clock: ContinuousClock())
    }
}

/// URL and header helpers shared by the providers.
enum ProviderURL {
    static let commonHeaders: [(String, String)] = [
        ("content-type", "application/json"), ("accept", "text/event-stream"),
        ("user-agent", "axon/\(AxonVersion.current)"),
    ]

    /// `https://host/v1/` → `https://host/v1`, so paths join with one slash.
    static func trimmed(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
