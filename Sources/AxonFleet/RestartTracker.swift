public import AxonConfig
import AxonCore

/// Whether, and when, one agent instance is started again after its process ended: a pure value over the
/// instants it is given (the supervisor's monotonic clock; a manual clock in tests).
///
/// - The first restart is immediate; each further restart in a row waits twice as long, from `backoff` up to
///   `max_backoff` (fleet.yaml `restart:`), less up to 20 % jitter so agents that failed together do not come
///   back in lockstep.
/// - A run that stayed up for `stableAfter` resets the backoff (its crash is restarted at once again), but its
///   restart still counts against the budget: at most `max_restarts` restarts within the sliding `window`;
///   the next one would exceed it, so the instance becomes `fatal` instead, and stays so until `reset()`.
/// - An exec failure (`AgentExit.execFailed`) is a state of its own, as sticky as `fatal`: a missing
///   interpreter does not appear by retrying.
/// - Policies: `always` restarts every exit, `on-failure` a non-zero exit or a signal, `never` none. A one-shot
///   instance (a `prompt:` or `run:` agent) that exits 0 has *completed*: that is never a restart, whatever
///   the policy — its `every:` schedule decides when it runs again.
public struct RestartTracker<Instant: InstantProtocol & Sendable>: Sendable where Instant.Duration == Duration {
    public enum State: Sendable, Equatable {
        /// Not started yet, or stopped on purpose.
        case idle
        case running(since: Instant)
        /// Ended; restarts at `until`.
        case backoff(until: Instant)
        /// A one-shot run exited 0.
        case completed
        /// Ended, and the policy does not restart it.
        case stopped(AgentExit)
        /// The restart budget is spent: `restarts` restarts within `window`.
        case fatal(restarts: Int, window: Duration)
        case execFailed(String)
    }

    /// What the supervisor does after an exit.
    public enum Decision: Sendable, Equatable {
        case restart(after: Duration)
        case completed
        case stop
        case fatal(restarts: Int, window: Duration)
        case execFailed(String)
    }

    public let policy: RestartPolicy
    /// How long a run must last to count as healthy (its crash then restarts at once again).
    public let stableAfter: Duration
    /// True for `prompt:` and `run:` agents, whose exit 0 means done.
    public let oneShot: Bool
    public private(set) var state: State = .idle
    /// Restarts in a row since the last healthy run or success: the backoff step.
    public private(set) var streak = 0
    /// When each restart inside the window was decided, oldest first.
    public private(set) var recent: [Instant] = []
    /// Every restart since the supervisor started (or the last `reset`), for status.
    public private(set) var restarts = 0

    /// The share of a delay jitter may take off.
    static var jitterSpread: Double { 0.2 }

    public init(policy: RestartPolicy, oneShot: Bool = false, stableAfter: Duration = .seconds(10)) {
        self.policy = policy
        self.oneShot = oneShot
        self.stableAfter = stableAfter
    }

    /// A process of the instance started at `now`.
    public mutating func started(at now: Instant) {
        state = .running(since: now)
    }

    /// Its process ended at `now`. `jitter` is a number in 0…1 (random in the supervisor, fixed in tests).
    public mutating func exited(_ exit: AgentExit, at now: Instant, jitter: Double) -> Decision {
        var uptime: Duration?
        if case .running(let since) = state { uptime = since.duration(to: now) }
        if case .execFailed(let reason) = exit {
            state = .execFailed(reason)
            return .execFailed(reason)
        }
        if let uptime, uptime >= stableAfter { streak = 0 }
        if exit.isSuccess, oneShot {
            streak = 0
            state = .completed
            return .completed
        }
        let wanted =
            switch policy.policy {
            case .always: true
            case .onFailure: !exit.isSuccess
            case .never: false
            }
        guard wanted else {
            if exit.isSuccess { streak = 0 }
            state = .stopped(exit)
            return .stop
        }
        // The window slides: only restarts decided less than `window` ago count.
        let window = policy.window
        recent.removeAll { $0.duration(to: now) >= window }
        guard recent.count < policy.maxRestarts else {
            state = .fatal(restarts: recent.count, window: policy.window)
            return .fatal(restarts: recent.count, window: policy.window)
        }
        recent.append(now)
        restarts += 1
        streak += 1
        // Step 0 (the first restart in a row) is immediate; then backoff, 2×backoff, … up to max_backoff.
        let base = Backoff(initial: policy.backoff, maximum: policy.maxBackoff).delay(step: streak - 1)
        let delay = Backoff.jittered(base, spread: Self.jitterSpread, jitter: jitter)
        state = .backoff(until: now.advanced(by: delay))
        return .restart(after: delay)
    }

    /// Stopped on purpose (`axon down`, a removed agent): a pending restart is forgotten.
    public mutating func stopped() {
        state = .idle
    }

    /// Clears `fatal` and an exec failure, the window and the streak (`axon restart AGENT`).
    public mutating func reset() {
        state = .idle
        streak = 0
        recent = []
    }

    /// Whether only `reset()` brings the instance back.
    public var isSticky: Bool {
        switch state {
        case .fatal, .execFailed: true
        default: false
        }
    }
}
