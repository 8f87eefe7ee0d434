public import AxonConfig
public import AxonModels

/// Builds the HTTP provider a fleet.yaml model names.
///
/// The API key comes from the environment variable `api_key_env` names (default `OPENAI_API_KEY` /
/// `ANTHROPIC_API_KEY`). A missing key is an error before any request, except for a custom `base_url`
/// with no `api_key_env`: local servers (Ollama, llama.cpp) take no key, so none is sent.
/// Timeouts and retries come from `HTTPModelOptions` defaults, overridden by `AXON_MODEL_ATTEMPTS`,
/// `AXON_MODEL_CONNECT_TIMEOUT`, `AXON_MODEL_IDLE_TIMEOUT` and `AXON_MODEL_TIMEOUT` (durations like `30s`).
public enum HTTPProviders {
    /// The model used for a provider when the spec names none (and by the default-model rule).
    public static func defaultModel(for provider: ProviderKind) -> String {
        switch provider {
        case .anthropic: "claude-sonnet-4-5"
        case .openai: "gpt-4.1-mini"
        case .replay: "replay"
        }
    }

    /// The key variable a provider reads when the spec names none.
    public static func defaultKeyVariable(for provider: ProviderKind) -> String? {
        switch provider {
        case .anthropic: "ANTHROPIC_API_KEY"
        case .openai: "OPENAI_API_KEY"
        case .replay: nil
        }
    }

    /// - Throws: `ModelError.missingAPIKey` when the key is required and unset; `.unavailable` for `replay`
    ///   (not an HTTP provider).
    public static func make(
        _ spec: ModelSpec, environment: [String: String], options: HTTPModelOptions? = nil
    ) throws(ModelError) -> any ModelProvider {
        let model = spec.model ?? defaultModel(for: spec.provider)
        let variable = spec.apiKeyEnv ?? defaultKeyVariable(for: spec.provider)
        let key = variable.flatMap { environment[$0] }.flatMap { $0.isEmpty ? nil : $0 }
        let keyRequired = spec.apiKeyEnv != nil || spec.baseURL == nil
        if key == nil, keyRequired, let variable {
            throw .missingAPIKey(provider: spec.provider.rawValue, variable: variable, model: model)
        }
        let options = options ?? Self.options(environment: environment)
        switch spec.provider {
        case .openai:
            return OpenAICompatibleProvider(
                model: model, baseURL: spec.baseURL, apiKey: key, keyVariable: variable,
                maxTokens: ModelCatalog.maxTokens(for: spec), options: options)
        case .anthropic:
            return AnthropicProvider(
                model: model, baseURL: spec.baseURL, apiKey: key, keyVariable: variable,
                maxTokens: ModelCatalog.maxTokens(for: spec) ?? ModelCatalog.anthropicDefaultMaxTokens,
                options: options)
        case .replay:
            throw .unavailable(provider: "replay", reason: "not an HTTP provider")
        }
    }

    /// Defaults with the `AXON_MODEL_*` overrides applied (invalid values are ignored).
    public static func options(environment: [String: String]) -> HTTPModelOptions {
        var options = HTTPModelOptions()
        if let attempts = environment["AXON_MODEL_ATTEMPTS"].flatMap({ Int($0) }), attempts >= 1 {
            options.retry.maxAttempts = attempts
        }
        if let d = environment["AXON_MODEL_CONNECT_TIMEOUT"].flatMap(ConfigDuration.parse) {
            options.connectTimeout = d
        }
        if let d = environment["AXON_MODEL_IDLE_TIMEOUT"].flatMap(ConfigDuration.parse) { options.idleTimeout = d }
        if let d = environment["AXON_MODEL_TIMEOUT"].flatMap(ConfigDuration.parse) { options.overallTimeout = d }
        return options
    }
}
