import AxonCore
import Testing

/// The one capped exponential curve (retries, MCP restarts, fleet restarts) and its jitter.
@Suite struct BackoffTests {
    @Test func doublesFromInitialUpToTheCap() {
        let b = Backoff(initial: .milliseconds(100), maximum: .seconds(1))
        #expect(b.delay(step: 0) == .zero)
        #expect(b.delay(step: 1) == .milliseconds(100))
        #expect(b.delay(step: 3) == .milliseconds(400))
        #expect(b.delay(step: 5) == .seconds(1))
        #expect(b.delay(step: 10_000) == .seconds(1))
    }

    @Test func jitterTakesUpToItsSpreadOff() {
        #expect(Backoff.jittered(.seconds(10), spread: 0.2, jitter: 0) == .seconds(10))
        #expect(Backoff.jittered(.seconds(10), spread: 0.2, jitter: 1) == .seconds(8))
        #expect(Backoff.jittered(.seconds(10), spread: 0.5, jitter: 7) == .seconds(5), "jitter is clamped")
    }
}
