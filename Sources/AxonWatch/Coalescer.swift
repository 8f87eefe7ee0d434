/// The coalescing rule as a pure state machine over a clock's instants (style R5/R8).
///
/// A *storm* is activity with no calm period (`calm`, 10 × `quiet`) in it. The first change of a storm is
/// delivered at once (`.deliverNow`): a lone save costs no latency. Later changes form bursts, each delivered
/// when `quiet` passes without a change or when the burst's cap runs out, whichever is first, so a storm that
/// never pauses still delivers. The cap grows with every delivery in the storm — `maxLatency`, then 4×, then
/// 16× (250 ms → 1 s → 4 s with the defaults) — so a long storm (a checkout, bulk generation, a writer that
/// stalls now and then) costs a handful of generations rather than one every `maxLatency`.
struct Coalescer<Instant: InstantProtocol> where Instant.Duration == Duration {
    enum Action: Equatable {
        case deliverNow
        case deliverAt(Instant)
    }

    let quiet: Duration
    let maxLatency: Duration
    private(set) var lastChange: Instant?
    private(set) var burstStart: Instant?
    /// Deliveries since the storm began (0: no storm, the next change is delivered at once).
    private(set) var deliveries = 0

    init(quiet: Duration, maxLatency: Duration) {
        self.quiet = quiet
        self.maxLatency = maxLatency
    }

    /// No change for this long ends a storm.
    var calm: Duration { quiet * 10 }

    /// The cap of the current burst.
    var cap: Duration { maxLatency * (1 << (2 * max(0, min(deliveries, 3) - 1))) }

    /// When the pending burst is due, if one is pending.
    var deadline: Instant? {
        guard let start = burstStart, let last = lastChange else { return nil }
        return min(last.advanced(by: quiet), start.advanced(by: cap))
    }

    /// A change was seen at `now`.
    mutating func change(at now: Instant) -> Action {
        if let last = lastChange, last.duration(to: now) < calm {
            // Still in the storm.
        } else {
            deliveries = 0
        }
        lastChange = now
        if burstStart == nil {
            if deliveries == 0 { return .deliverNow }
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
        deliveries += 1
        burstStart = nil
    }
}
