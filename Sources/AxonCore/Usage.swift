/// Tokens billed for model calls. Adds up across calls, requests and sessions.
public struct Usage: Hashable, Sendable, Codable {
    public var inputTokens: Int
    public var outputTokens: Int
    public var cacheReadTokens: Int
    public var cacheWriteTokens: Int

    public init(inputTokens: Int = 0, outputTokens: Int = 0, cacheReadTokens: Int = 0, cacheWriteTokens: Int = 0) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheReadTokens = cacheReadTokens
        self.cacheWriteTokens = cacheWriteTokens
    }

    public static let zero = Usage()

    public static func + (a: Usage, b: Usage) -> Usage {
        Usage(
            inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens,
            cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
            cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens)
    }

    public static func += (a: inout Usage, b: Usage) { a = a + b }

    public var totalTokens: Int { inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens }

    /// axon's one estimate of tokens from text, four bytes per token: for budgets where no provider counted,
    /// and for the replay model's usage.
    public static func estimatedTokens(bytes: Int) -> Int { bytes == 0 ? 0 : (bytes + 3) / 4 }

    enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens", outputTokens = "output_tokens"
        case cacheReadTokens = "cache_read_tokens", cacheWriteTokens = "cache_write_tokens"
    }

    /// As a JSON object with the snake_case keys every axon format uses.
    public var json: JSONValue {
        .object([
            "input_tokens": .int(inputTokens), "output_tokens": .int(outputTokens),
            "cache_read_tokens": .int(cacheReadTokens), "cache_write_tokens": .int(cacheWriteTokens),
        ])
    }
}

/// What one completed model call cost: its tokens and their price in USD.
public struct Billing: Hashable, Sendable {
    public var usage: Usage
    public var costUSD: Double
    public init(usage: Usage = .zero, costUSD: Double = 0) {
        self.usage = usage
        self.costUSD = costUSD
    }
}
