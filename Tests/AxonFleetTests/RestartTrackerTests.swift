import AxonConfig
import AxonCore
import AxonTesting
import Testing

@testable import AxonFleet

/// The restart policy as a value, on a manual clock's instants: no processes, no waiting.
@Suite struct RestartTrackerTests {
    typealias Tracker = RestartTracker<ManualClock.Instant>
    let t0 = ManualClock.Instant(offset: .seconds(1000))

    func at(_ offset: Duration) -> ManualClock.Instant { t0.advanced(by: offset) }

    /// A tracker after `exits` crashes in a row, each run lasting `uptime`, returning each decision.
    func crashes(
        _ tracker: inout Tracker, _ exits: Int, from start: Duration = .zero, uptime: Duration = .milliseconds(10),
        jitter: Double = 0
    ) -> [Tracker.Decision] {
        var now = at(start)
        var decisions: [Tracker.Decision] = []
        for _ in 0..<exits {
            tracker.started(at: now)
            now = now.advanced(by: uptime)
            let decision = tracker.exited(.exited(1), at: now, jitter: jitter)
            decisions.append(decision)
            if case .restart(let after) = decision { now = now.advanced(by: after) }
        }
        return decisions
    }

    @Test func theFirstRestartIsImmediateThenTheDelayDoublesUpToTheCap() {
        var tracker = Tracker(
            policy: RestartPolicy(backoff: .milliseconds(100), maxBackoff: .milliseconds(500), maxRestarts: 100))
        #expect(
            crashes(&tracker, 6) == [
                .restart(after: .zero), .restart(after: .milliseconds(100)), .restart(after: .milliseconds(200)),
                .restart(after: .milliseconds(400)), .restart(after: .milliseconds(500)),
                .restart(after: .milliseconds(500)),
            ])
        #expect(tracker.streak == 6 && tracker.restarts == 6)
    }

    @Test func jitterTakesAtMostAFifthOff() {
        var full = Tracker(policy: RestartPolicy(backoff: .seconds(1), maxBackoff: .seconds(10)))
        var most = Tracker(policy: RestartPolicy(backoff: .seconds(1), maxBackoff: .seconds(10)))
        #expect(crashes(&full, 2, jitter: 0).last == .restart(after: .seconds(1)))
        #expect(crashes(&most, 2, jitter: 1).last == .restart(after: .milliseconds(800)))
        var first = Tracker(policy: RestartPolicy())
        #expect(crashes(&first, 1, jitter: 1) == [.restart(after: .zero)], "immediate stays immediate")
    }

    @Test func theBudgetEndsInAStickyFatalStateUntilReset() {
        var tracker = Tracker(policy: RestartPolicy(maxRestarts: 5, window: .seconds(300)))
        let decisions = crashes(&tracker, 6)
        #expect(decisions.prefix(5).allSatisfy { if case .restart = $0 { true } else { false } })
        #expect(decisions.last == .fatal(restarts: 5, window: .seconds(300)))
        #expect(tracker.state == .fatal(restarts: 5, window: .seconds(300)) && tracker.isSticky)
        tracker.reset()
        #expect(tracker.state == .idle && !tracker.isSticky && tracker.streak == 0)
        #expect(crashes(&tracker, 1, from: .seconds(10)) == [.restart(after: .zero)])
    }

    @Test func theWindowSlidesSoOldRestartsStopCounting() {
        var tracker = Tracker(policy: RestartPolicy(maxRestarts: 2, window: .seconds(60)))
        // Two quick crashes, then one 61 s after the first: the first restart has left the window.
        #expect(crashes(&tracker, 2).allSatisfy { if case .restart = $0 { true } else { false } })
        tracker.started(at: at(.seconds(60)))
        #expect(
            tracker.exited(.exited(1), at: at(.seconds(61)), jitter: 0) != .fatal(restarts: 2, window: .seconds(60)))
        var tight = Tracker(policy: RestartPolicy(maxRestarts: 2, window: .seconds(60)))
        _ = crashes(&tight, 2)
        tight.started(at: at(.seconds(1)))
        #expect(tight.exited(.exited(1), at: at(.seconds(2)), jitter: 0) == .fatal(restarts: 2, window: .seconds(60)))
    }

    @Test func aCrashAfterAStableRunRestartsAtOnceButStillCountsAgainstTheWindow() {
        var tracker = Tracker(
            policy: RestartPolicy(
                backoff: .seconds(1), maxBackoff: .seconds(30), maxRestarts: 3, window: .seconds(3600)),
            stableAfter: .seconds(10))
        _ = crashes(&tracker, 2)
        #expect(tracker.streak == 2)
        tracker.started(at: at(.seconds(100)))
        #expect(tracker.exited(.signaled(9), at: at(.seconds(200)), jitter: 0) == .restart(after: .zero))
        #expect(tracker.streak == 1 && tracker.recent.count == 3)
        tracker.started(at: at(.seconds(300)))
        #expect(
            tracker.exited(.exited(1), at: at(.seconds(400)), jitter: 0) == .fatal(restarts: 3, window: .seconds(3600)))
    }

    @Test func policiesDecideWhichExitsRestart() {
        func decide(_ mode: RestartPolicy.Mode, _ exit: AgentExit, oneShot: Bool = false) -> Tracker.Decision {
            var tracker = Tracker(policy: RestartPolicy(policy: mode), oneShot: oneShot)
            tracker.started(at: t0)
            return tracker.exited(exit, at: at(.seconds(1)), jitter: 0)
        }
        #expect(decide(.onFailure, .exited(0)) == .stop, "exit 0 under on-failure is not restarted")
        #expect(decide(.onFailure, .exited(3)) == .restart(after: .zero))
        #expect(decide(.onFailure, .signaled(15)) == .restart(after: .zero))
        #expect(decide(.always, .exited(0)) == .restart(after: .zero))
        #expect(decide(.never, .exited(1)) == .stop)
        for mode in RestartPolicy.Mode.allCases {
            #expect(decide(mode, .exited(0), oneShot: true) == .completed, "a one-shot run that succeeds is done")
        }
        #expect(decide(.always, .exited(1), oneShot: true) == .restart(after: .zero))
    }

    @Test func anExecFailureIsAStateNotAHotLoop() {
        var tracker = Tracker(policy: RestartPolicy(policy: .always))
        tracker.started(at: t0)
        #expect(
            tracker.exited(.execFailed("not found"), at: at(.milliseconds(5)), jitter: 0) == .execFailed("not found"))
        #expect(tracker.state == .execFailed("not found") && tracker.isSticky && tracker.restarts == 0)
    }

    @Test func noRestartsAllowedMeansTheFirstFailureIsFatal() {
        var tracker = Tracker(policy: RestartPolicy(maxRestarts: 0))
        #expect(crashes(&tracker, 1) == [.fatal(restarts: 0, window: .seconds(300))])
    }

    @Test func aSuccessResetsTheStreak() {
        var tracker = Tracker(policy: RestartPolicy(policy: .always, maxRestarts: 100))
        _ = crashes(&tracker, 3)
        tracker.started(at: at(.seconds(5)))
        _ = tracker.exited(.exited(0), at: at(.seconds(6)), jitter: 0)
        #expect(tracker.streak == 4, "under always, exit 0 restarts and counts in the streak")
        var oneShot = Tracker(policy: RestartPolicy(), oneShot: true)
        _ = crashes(&oneShot, 3)
        oneShot.started(at: at(.seconds(5)))
        #expect(oneShot.exited(.exited(0), at: at(.seconds(6)), jitter: 0) == .completed)
        #expect(oneShot.streak == 0 && oneShot.state == .completed)
    }

    @Test func aStopOnPurposeForgetsThePendingRestart() {
        var tracker = Tracker(policy: RestartPolicy())
        _ = crashes(&tracker, 1)
        #expect(tracker.state == .backoff(until: at(.milliseconds(10))))
        tracker.stopped()
        #expect(tracker.state == .idle)
    }
}
