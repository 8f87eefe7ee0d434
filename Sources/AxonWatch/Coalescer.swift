/// The coalescing rule as a pure state machine over a clock's instants (style R5/R8).
///
/// A change after at least `quiet` without changes is delivered at once (`.deliverNow`): a lone save costs no
/// latency. A change within `quiet` of the previous one starts or extends a burst, delivered when `quiet`
/// passes without a change or the cap after the burst began, whichever is first, so a storm that never pauses
/// still delivers. The cap starts at `maxLatency` and grows fourfold (to at most 16×) while a storm goes on, so
/// a long burst (a checkout, bulk generation) costs a handful of generations, not one every `maxLatency`; the
/// first quiet period resets it.
struct Coalescer<Instant: InstantProtocol> where Instant.Duration == Duration {
    enum Action: Equatable {
        case deliverNow
        case deliverAt(Instant)
    }

    let quiet: Duration
    let maxLatency: Duration
    private(set) var lastChange: Instant?
    private(set) var burstStart: Instant?
    /// How many bursts in a row were cut by the cap rather than ended by quiet (at most 2).
    private(set) var stormLevel = 0

    /// The cap of the current burst.
    var cap: Duration { maxLatency * (1 << (2 * stormLevel)) }

    init(quiet: Duration, maxLatency: Duration) {
        self.quiet = quiet
        self.maxLatency = maxLatency
    }

    /// When the pending burst is due, if one is pending.
    var deadline: Instant? {
        guard let start = burstStart, let last = lastChange else { return nil }
        return min(last.advanced(by: quiet), start.advanced(by: cap))
    }

    /// A change was seen at `now`.
    mutating func change(at now: Instant) -> Action {
        let wasQuiet = lastChange.map { $0.duration(to: now) >= quiet } ?? true
        lastChange = now
        if wasQuiet { stormLevel = 0 }
        if burstStart == nil {
            if wasQuiet { return .deliverNow }
            burstStart = now
        }
        return .deliverAt(deadline!)
    }

    /// Whether a pending burst is due at `now`.
    func isDue(at now: Instant) -> Bool {
        deadline.map { $0 <= now } ?? false
    }

    /// The pending changes were delivered.
    mutating func delivered() {
        if let start = burstStart, let last = lastChange, last.advanced(by: quiet) > start.advanced(by: cap) {
            stormLevel = min(stormLevel + 1, 2)  // the cap, not quiet, ended this burst: a storm is on
        }
        burstStart = nil
    }
}
