/// Capped exponential backoff: the one curve behind every "wait longer after each failure" in axon — model API
/// retries (`RetryPolicy`), MCP server restarts (`RestartBackoff`) and fleet agent restarts (`RestartTracker`).
///
/// Step 1 waits `initial`, each later step twice the one before, never more than `maximum`. Jitter scales a
/// delay down by a random part of `spread`, so many processes that failed together (a fleet after one network
/// hiccup) do not retry in lockstep; the jitter number is a parameter so tests fix it.
public struct Backoff: Sendable, Equatable {
    public var initial: Duration
    public var maximum: Duration

    public init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The wait at `step` (1-based): initial × 2^(step-1), capped at `maximum`; zero for step 0 or less.
    public func delay(step: Int) -> Duration {
        guard step > 0 else { return .zero }
        var delay = initial
        // Doubling stops at the cap, so a step of 1000 neither loops long nor overflows.
        for _ in 1..<min(step, 64) where delay < maximum { delay *= 2 }
        return min(delay, maximum)
    }

    /// `delay` reduced by up to `spread` (0…1) of itself: `jitter` 0 keeps it whole, 1 takes the full spread off.
    public static func jittered(_ delay: Duration, spread: Double, jitter: Double) -> Duration {
        let spread = min(max(spread, 0), 1)
        return delay * (1 - spread * min(max(jitter, 0), 1))
    }
}
