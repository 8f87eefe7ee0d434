import AxonConfig
import AxonModels
import Testing

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 5, baseDelay: .seconds(1), maxDelay: .seconds(5))

    @Test func backoffDoublesUpToTheCapAndJitterScalesItByAHalfToOne() {
        #expect(policy.delay(afterAttempt: 1, retryAfter: nil, jitter: 1) == .seconds(1))
        #expect(policy.delay(afterAttempt: 2, retryAfter: nil, jitter: 1) == .seconds(2))
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, jitter: 1) == .seconds(4))
        #expect(policy.delay(afterAttempt: 4, retryAfter: nil, jitter: 1) == .seconds(5))
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, jitter: 0) == .seconds(2))
        #expect(policy.delay(afterAttempt: 5, retryAfter: nil, jitter: 1) == nil, "attempts exhausted")
    }

    @Test func retryAfterReplacesTheBackoffUnlessItIsTooLong() {
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(7), jitter: 0.3) == .seconds(7))
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(121), jitter: 0.3) == nil)
    }

    @Test func retryableStatuses() {
        for status in [408, 409, 429, 500, 502, 503, 504, 529] { #expect(RetryPolicy.isRetryable(status: status)) }
        for status in [400, 401, 403, 404, 413, 422] { #expect(!RetryPolicy.isRetryable(status: status)) }
    }

    @Test func retryAfterForms() {
        let now = 1_445_412_480.0  // Wed, 21 Oct 2015 07:28:00 GMT
        #expect(RetryPolicy.retryAfter(milliseconds: nil, value: "3", now: now) == .seconds(3))
        #expect(RetryPolicy.retryAfter(milliseconds: nil, value: " 1.5 ", now: now) == .milliseconds(1500))
        #expect(RetryPolicy.retryAfter(milliseconds: "250", value: "3", now: now) == .milliseconds(250))
        #expect(
            RetryPolicy.retryAfter(milliseconds: nil, value: "Wed, 21 Oct 2015 07:28:09 GMT", now: now) == .seconds(9))
        #expect(RetryPolicy.retryAfter(milliseconds: nil, value: "Wed, 21 Oct 2015 07:27:00 GMT", now: now) == .zero)
        #expect(RetryPolicy.retryAfter(milliseconds: nil, value: "soon", now: now) == nil)
        #expect(RetryPolicy.retryAfter(milliseconds: nil, value: nil, now: now) == nil)
    }
}

@Suite struct ModelCatalogTests {
    @Test func namesSnapshotsAndRouterPrefixesResolve() {
        #expect(ModelCatalog.entry(for: "gpt-4.1-mini")?.price.input == 0.4)
        #expect(ModelCatalog.entry(for: "gpt-4.1-mini-2025-04-14")?.price.input == 0.4)
        #expect(ModelCatalog.entry(for: "gpt-4.1")?.price.input == 2)
        #expect(ModelCatalog.entry(for: "claude-sonnet-4-5-20250929")?.price.cacheWrite == 3.75)
        #expect(ModelCatalog.entry(for: "openai/gpt-4o-mini")?.price.output == 0.6)
        #expect(ModelCatalog.entry(for: "gpt-4o-audio-preview") == nil)
        #expect(ModelCatalog.entry(for: "llama3.2") == nil)
    }

    @Test func fleetValuesWinOverTheCatalog() {
        let configured = ModelSpec(
            key: "m", provider: .openai, model: "gpt-4.1", maxTokens: 100, price: .init(input: 9))
        #expect(ModelCatalog.price(for: configured)?.input == 9)
        #expect(ModelCatalog.maxTokens(for: configured) == 100)
        let bare = ModelSpec(key: "m", provider: .openai, model: "gpt-4.1")
        #expect(ModelCatalog.price(for: bare)?.input == 2)
        #expect(ModelCatalog.maxTokens(for: bare) == nil, "OpenAI: the model's own limit")
        #expect(ModelCatalog.contextTokens(for: bare) == 1_047_576)
    }

    @Test func anthropicAlwaysGetsAMaxTokens() {
        #expect(
            ModelCatalog.maxTokens(for: ModelSpec(key: "c", provider: .anthropic, model: "claude-sonnet-4-5")) == 16_384
        )
        #expect(
            ModelCatalog.maxTokens(for: ModelSpec(key: "c", provider: .anthropic, model: "claude-3-5-haiku")) == 8_192)
        #expect(ModelCatalog.maxTokens(for: ModelSpec(key: "c", provider: .anthropic, model: "my-proxy")) == 16_384)
    }
}
