import AxonCore

/// When and how long to wait before retrying a failed model API attempt.
///
/// Capped exponential backoff with jitter (`base × 2^(n-1)`, capped at `maxDelay`, then scaled by a random
/// factor in 0.5…1 so a fleet of agents does not retry in lockstep); a server's `retry-after` (or OpenAI's
/// `retry-after-ms`) replaces the computed delay. Providers retry only before a call's first output event.
/// Defaults: 4 attempts (1 + 3 retries), 0.5 s base, 30 s cap, `retry-after` honoured up to 120 s (a longer
/// one fails the call at once with the server's message rather than stalling an agent for minutes).
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included; 1 disables retries.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// The longest `retry-after` worth waiting for.
    public var maxRetryAfter: Duration

    public init(
        maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30),
        maxRetryAfter: Duration = .seconds(120)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// The wait before attempt `attempt + 1`, or nil when the call should fail now.
    /// - Parameters:
    ///   - attempt: the attempt that just failed, 1-based.
    ///   - retryAfter: the server's `retry-after`, when it sent one.
    ///   - jitter: a number in 0…1 (random in production, fixed in tests).
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?, jitter: Double) -> Duration? {
        guard attempt < maxAttempts else { return nil }
        if let retryAfter {
            return retryAfter <= maxRetryAfter ? max(retryAfter, .zero) : nil
        }
        let backoff = Backoff(initial: baseDelay, maximum: maxDelay).delay(step: attempt)
        // Scaled into 0.5…1 of itself: `jitter` 1 keeps it whole, 0 halves it.
        return Backoff.jittered(backoff, spread: 0.5, jitter: 1 - jitter)
    }

    /// HTTP statuses worth retrying: timeouts, conflicts, rate limits and server errors (Anthropic's 529
    /// "overloaded" included). 4xx errors that a retry cannot fix (400, 401, 403, 404, 422) are not.
    public static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 409 || status == 429 || (500...599).contains(status)
    }

    /// Parses `retry-after-ms` (milliseconds), else `retry-after` (delta seconds or an HTTP date).
    /// - Parameter now: seconds since 1970, to turn a date into a delay.
    public static func retryAfter(milliseconds: String?, value: String?, now: Double) -> Duration? {
        if let ms = milliseconds.flatMap({ Double($0.trimmed) }), ms >= 0 {
            return .milliseconds(Int64(ms))
        }
        guard let value = value?.trimmed, !value.isEmpty else { return nil }
        if let seconds = Double(value) { return seconds >= 0 ? .milliseconds(Int64(seconds * 1000)) : nil }
        guard let date = HTTPDate.parse(value) else { return nil }
        return .milliseconds(Int64(max(0, date - now) * 1000))
    }
}

/// IMF-fixdate (`Wed, 21 Oct 2015 07:28:00 GMT`), parsed by hand: no ICU-backed formatter on this path.
enum HTTPDate {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Seconds since 1970 for an IMF-fixdate, nil for anything else.
    static func parse(_ text: String) -> Double? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let year = Int(parts[3]),
            let monthIndex = months.firstIndex(of: String(parts[2]))
        else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3, (1...31).contains(day), clock[0] < 24, clock[1] < 60, clock[2] < 61 else { return nil }
        let days = daysFromCivil(year: year, month: monthIndex + 1, day: day)
        return Double(days * 86_400 + clock[0] * 3_600 + clock[1] * 60 + clock[2])
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension String {
    fileprivate var trimmed: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
