import AxonCore
public import AxonModels

/// Anthropic Messages over SSE.
///
/// `POST {baseURL}/v1/messages` with `x-api-key`, `anthropic-version: 2023-06-01`, `stream: true`, the system
/// prompt marked `cache_control: ephemeral` (so a stable boot prompt is read from cache), and `max_tokens`
/// (required by the API: the request's, else the configured default). An `event: error` after HTTP 200 fails
/// the call (retried only while nothing has been streamed and the error is an overload). Retries, timeouts and
/// cancellation follow `HTTPStreamer`'s contract.
public struct AnthropicProvider<C: Clock<Duration>>: ModelProvider {
    public static var defaultBaseURL: String { "https://api.anthropic.com" }
    public static var apiVersion: String { "2023-06-01" }

    public let provider = "anthropic"
    public let model: String
    public let baseURL: String
    let apiKey: String?
    let keyVariable: String?
    let maxTokens: Int
    let streamer: HTTPStreamer<C>

    /// - Parameters:
    ///   - maxTokens: sent when a request names none (`ModelCatalog.maxTokens(for:)` picks it per model).
    ///   - clock: the backoff clock (`ContinuousClock()` in production).
    public init(
        model: String, baseURL: String? = nil, apiKey: String?, keyVariable: String? = nil,
        maxTokens: Int = ModelCatalog.anthropicDefaultMaxTokens, options: HTTPModelOptions = HTTPModelOptions(),
        clock: C, jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.model = model
        self.baseURL = ProviderURL.trimmed(baseURL ?? Self.defaultBaseURL)
        self.apiKey = apiKey
        self.keyVariable = keyVariable
        self.maxTokens = maxTokens
        self.streamer = HTTPStreamer(options: options, clock: clock, jitter: jitter)
    }

    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error> {
        let body = AnthropicMessages.body(request, model: model, maxTokens: request.maxTokens ?? maxTokens)
        var headers = ProviderURL.commonHeaders
        headers.append(("anthropic-version", Self.apiVersion))
        if let apiKey { headers.append(("x-api-key", apiKey)) }
        let call = HTTPCall(
            provider: provider, endpoint: baseURL, url: baseURL + "/v1/messages", headers: headers,
            body: body.serialized(), keyVariable: keyVariable, model: model, secret: apiKey)
        return streamer.stream(call, decoder: AnthropicStreamDecoder.self)
    }
}

extension AnthropicProvider where C == ContinuousClock {
    public init(
        model: String, baseURL: String? = nil, apiKey: String?, keyVariable: String? = nil,
        maxTokens: Int = ModelCatalog.anthropicDefaultMaxTokens, options: HTTPModelOptions = HTTPModelOptions()
    ) {
        self.init(
            model: model, baseURL: baseURL, apiKey: apiKey, keyVariable: keyVariable, maxTokens: maxTokens,
            options: options, clock: ContinuousClock())
    }
}
