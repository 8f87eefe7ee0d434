/// The coalescing rule as a pure state machine over a clock's instants (style R5/R8).
///
/// A change after at least `quiet` without changes is delivered at once (`.deliverNow`): a lone save costs no
/// latency. A change within `quiet` of the previous one starts or extends a burst, delivered when `quiet`
/// passes without a change or when the burst's cap runs out, whichever is first, so a storm that never pauses
/// still delivers. A burst the cap had to end marks a *storm*: from then on changes are not delivered at once
/// even after a short pause, and the cap grows fourfold per cap-ended burst (250 ms → 1 s → 4 s with the
/// defaults), until `calm` (10 × `quiet`) passes with no change. A long storm (a checkout, bulk generation, a
/// writer that stalls now and then) so costs a handful of generations, not one every `maxLatency`.
struct Coalescer<Instant: InstantProtocol> where Instant.Duration == Duration {
    enum Action: Equatable {
        case deliverNow
        case deliverAt(Instant)
    }

    let quiet: Duration
    let maxLatency: Duration
    private(set) var lastChange: Instant?
    private(set) var burstStart: Instant?
    /// Bursts in a row the cap (not quiet) had to end, at most 2; 0 outside a storm.
    private(set) var stormLevel = 0

    init(quiet: Duration, maxLatency: Duration) {
        self.quiet = quiet
        self.maxLatency = maxLatency
    }

    /// No change for this long ends a storm.
    var calm: Duration { quiet * 10 }

    /// The cap of the current burst.
    var cap: Duration { maxLatency * (1 << (2 * stormLevel)) }

    /// When the pending burst is due, if one is pending.
    var deadline: Instant? {
        guard let start = burstStart, let last = lastChange else { return nil }
        return min(last.advanced(by: quiet), start.advanced(by: cap))
    }

    /// A change was seen at `now`.
    mutating func change(at now: Instant) -> Action {
        let gap = lastChange.map { $0.duration(to: now) }
        if gap.map({ $0 >= calm }) ?? true { stormLevel = 0 }
        let wasQuiet = gap.map { $0 >= quiet } ?? true
        lastChange = now
        if burstStart == nil {
            if wasQuiet && stormLevel == 0 { return .deliverNow }
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
