public import AxonConfig

/// What axon knows about well-known models: context window, output limit and list price.
///
/// These are defaults to verify against the provider's price page, not a source of truth: fleet.yaml's
/// `context_tokens`, `max_tokens` and `price` always win (docs/models.md). Prices are USD per million tokens
/// (input, output, cache read, cache write) as published when this table was written (2025-11).
public enum ModelCatalog {
    /// One known model.
    public struct Entry: Sendable, Equatable {
        public var contextTokens: Int
        /// The most output tokens the model can produce in one call.
        public var maxOutputTokens: Int
        public var price: Price
    }

    /// `max_tokens` sent to Anthropic when fleet.yaml names none (the API requires one): long enough for an
    /// agent to write a file in one call, short enough that a runaway answer stays cheap.
    public static let anthropicDefaultMaxTokens = 16_384

    static let entries: [String: Entry] = [
        // OpenAI (cache write is free: OpenAI caches automatically).
        "gpt-4.1": .init(contextTokens: 1_047_576, maxOutputTokens: 32_768, price: .init(2, 8, 0.5, 0)),
        "gpt-4.1-mini": .init(contextTokens: 1_047_576, maxOutputTokens: 32_768, price: .init(0.4, 1.6, 0.1, 0)),
        "gpt-4.1-nano": .init(contextTokens: 1_047_576, maxOutputTokens: 32_768, price: .init(0.1, 0.4, 0.025, 0)),
        "gpt-4o": .init(contextTokens: 128_000, maxOutputTokens: 16_384, price: .init(2.5, 10, 1.25, 0)),
        "gpt-4o-mini": .init(contextTokens: 128_000, maxOutputTokens: 16_384, price: .init(0.15, 0.6, 0.075, 0)),
        "gpt-5": .init(contextTokens: 400_000, maxOutputTokens: 128_000, price: .init(1.25, 10, 0.125, 0)),
        "gpt-5-mini": .init(contextTokens: 400_000, maxOutputTokens: 128_000, price: .init(0.25, 2, 0.025, 0)),
        "gpt-5-nano": .init(contextTokens: 400_000, maxOutputTokens: 128_000, price: .init(0.05, 0.4, 0.005, 0)),
        "o3": .init(contextTokens: 200_000, maxOutputTokens: 100_000, price: .init(2, 8, 0.5, 0)),
        "o4-mini": .init(contextTokens: 200_000, maxOutputTokens: 100_000, price: .init(1.1, 4.4, 0.275, 0)),
        // Anthropic (cache write = 5-minute ephemeral cache, 1.25× input; cache read 0.1× input).
        "claude-opus-4-5": .init(contextTokens: 200_000, maxOutputTokens: 64_000, price: .init(5, 25, 0.5, 6.25)),
        "claude-opus-4-1": .init(contextTokens: 200_000, maxOutputTokens: 32_000, price: .init(15, 75, 1.5, 18.75)),
        "claude-opus-4": .init(contextTokens: 200_000, maxOutputTokens: 32_000, price: .init(15, 75, 1.5, 18.75)),
        "claude-sonnet-4-5": .init(contextTokens: 200_000, maxOutputTokens: 64_000, price: .init(3, 15, 0.3, 3.75)),
        "claude-sonnet-4": .init(contextTokens: 200_000, maxOutputTokens: 64_000, price: .init(3, 15, 0.3, 3.75)),
        "claude-haiku-4-5": .init(contextTokens: 200_000, maxOutputTokens: 64_000, price: .init(1, 5, 0.1, 1.25)),
        "claude-3-5-haiku": .init(contextTokens: 200_000, maxOutputTokens: 8_192, price: .init(0.8, 4, 0.08, 1)),
    ]

    /// The entry for a model id: an exact name, a dated snapshot of one (`claude-sonnet-4-5-20250929`,
    /// `gpt-4.1-mini-2025-04-14`), or either behind a router prefix (`openai/gpt-4.1-mini`). The longest
    /// matching name wins, so `gpt-4.1-mini` is never priced as `gpt-4.1`.
    public static func entry(for model: String) -> Entry? {
        let name = model.split(separator: "/").last.map(String.init) ?? model
        if let exact = entries[name] { return exact }
        var best: (key: String, entry: Entry)?
        for (key, entry) in entries where name.hasPrefix(key + "-") {
            let rest = name.dropFirst(key.count + 1)
            // Only a date or version suffix extends a name: `gpt-4o-2024-08-06`, not `gpt-4o-audio-preview`.
            guard rest.first?.isNumber == true || rest == "latest" else { continue }
            if key.count > (best?.key.count ?? 0) { best = (key, entry) }
        }
        return best?.entry
    }

    /// The price to bill a call with: fleet.yaml's, else the catalog's, else nil (cost 0, as for a local model).
    public static func price(for spec: ModelSpec) -> Price? {
        spec.price ?? spec.model.flatMap { entry(for: $0)?.price }
    }

    /// The context window: fleet.yaml's, else the catalog's, else nil (unknown).
    public static func contextTokens(for spec: ModelSpec) -> Int? {
        spec.contextTokens ?? spec.model.flatMap { entry(for: $0)?.contextTokens }
    }

    /// The `max_tokens` to send: fleet.yaml's; else for Anthropic (which requires it)
    /// `min(anthropicDefaultMaxTokens, the model's limit)`; else nil (the provider's default, the model's limit).
    public static func maxTokens(for spec: ModelSpec) -> Int? {
        if let configured = spec.maxTokens { return configured }
        guard spec.provider == .anthropic else { return nil }
        let limit = spec.model.flatMap { entry(for: $0)?.maxOutputTokens } ?? anthropicDefaultMaxTokens
        return min(anthropicDefaultMaxTokens, limit)
    }
}

extension Price {
    /// Positional shorthand for the catalog table: input, output, cache read, cache write.
    fileprivate init(_ input: Double, _ output: Double, _ cacheRead: Double, _ cacheWrite: Double) {
        self.init(input: input, output: output, cacheRead: cacheRead, cacheWrite: cacheWrite)
    }
}
