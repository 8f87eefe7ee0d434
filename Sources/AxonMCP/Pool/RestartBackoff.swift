import AxonCore

/// When a failed server may be started again: a pure value, so the policy is tested without processes or clocks.
///
/// The first start after a healthy run is immediate (a server killed after an hour of work comes back at the next
/// call); each failure in a row doubles the wait from `initial`, capped at `maximum`. A start that stays up for
/// `stableAfter` resets the count. Attempts happen only on use (a call, or `tools()` filling a missing cache):
/// nothing restarts a server in the background, so a broken server costs nothing while nobody needs it.
public struct RestartBackoff: Sendable, Equatable {
    public var initial: Duration
    public var maximum: Duration
    public var stableAfter: Duration
    /// Failures in a row.
    public private(set) var failures = 0
    /// The earliest instant of the next attempt, as an offset on the pool's clock.
    public private(set) var notBefore: ContinuousClock.Instant?

    public init(
        initial: Duration = .milliseconds(500), maximum: Duration = .seconds(30), stableAfter: Duration = .seconds(60)
    ) {
        self.initial = initial
        self.maximum = maximum
        self.stableAfter = stableAfter
    }

    /// The wait after `failures` failures in a row: initial × 2^(failures-1), capped.
    public func delay(afterFailures failures: Int) -> Duration {
        Backoff(initial: initial, maximum: maximum).delay(step: failures)
    }

    /// Whether an attempt may start at `now`; if not, how long is left.
    public func remaining(at now: ContinuousClock.Instant) -> Duration? {
        guard let notBefore, now < notBefore else { return nil }
        return now.duration(to: notBefore)
    }

    /// A start failed, or a running server died after `uptime` (nil: it never came up).
    public mutating func recordFailure(at now: ContinuousClock.Instant, uptime: Duration?) {
        if let uptime, uptime >= stableAfter {
            // It had been healthy: this death is the first failure of a new run, retried at once.
            failures = 0
            notBefore = nil
            return
        }
        failures += 1
        notBefore = now + delay(afterFailures: failures)
    }

    /// The server stayed up long enough, or was stopped on purpose.
    public mutating func reset() {
        failures = 0
        notBefore = nil
    }
}
