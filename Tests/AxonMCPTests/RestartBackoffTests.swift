import Testing

@testable import AxonMCP

/// The retry policy as a value: doubling, the cap, and the healthy-run reset.
@Suite struct RestartBackoffTests {
    let t0 = ContinuousClock.now

    @Test func doublesFromInitialUpToTheCap() {
        let b = RestartBackoff(initial: .milliseconds(500), maximum: .seconds(30))
        #expect(b.delay(afterFailures: 0) == .zero)
        #expect(b.delay(afterFailures: 1) == .milliseconds(500))
        #expect(b.delay(afterFailures: 2) == .seconds(1))
        #expect(b.delay(afterFailures: 4) == .seconds(4))
        #expect(b.delay(afterFailures: 7) == .seconds(30))
        #expect(b.delay(afterFailures: 1000) == .seconds(30))
    }

    @Test func aFailedStartWaitsAndRepeatedFailuresWaitLonger() {
        var b = RestartBackoff(initial: .seconds(1), maximum: .seconds(8))
        #expect(b.remaining(at: t0) == nil)
        b.recordFailure(at: t0, uptime: nil)
        #expect(b.remaining(at: t0) == .seconds(1))
        #expect(b.remaining(at: t0 + .seconds(1)) == nil)
        b.recordFailure(at: t0 + .seconds(1), uptime: .milliseconds(10))
        #expect(b.failures == 2)
        #expect(b.remaining(at: t0 + .seconds(1)) == .seconds(2))
    }

    @Test func aDeathAfterAHealthyRunIsRetriedAtOnce() {
        var b = RestartBackoff(initial: .seconds(1), maximum: .seconds(8), stableAfter: .seconds(60))
        b.recordFailure(at: t0, uptime: nil)
        b.recordFailure(at: t0, uptime: nil)
        b.recordFailure(at: t0 + .seconds(100), uptime: .seconds(90))
        #expect(b.failures == 0)
        #expect(b.remaining(at: t0 + .seconds(100)) == nil)
    }
}
