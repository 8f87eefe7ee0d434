import AxonTesting
import Foundation
import Testing

@testable import AxonWatch

/// A temp file renamed into place is one write, delivered at its rename (docs/watcher.md, "The coalescing
/// rule"): the temp file's own close must not open a quiet period that holds the rename back, while bursts and
/// storms of such writes are coalesced as before.
@Suite struct AtomicWriteTests {
    typealias I = ManualClock.Instant
    func at(_ ms: Double) -> I { I(offset: .microseconds(Int64(ms * 1000))) }

    func close(_ path: String) -> ChangeStep { ChangeStep(files: [path]) }
    func moveAway(_ path: String) -> ChangeStep { ChangeStep(files: [path], movedAway: [path]) }
    func moveIn(_ path: String) -> ChangeStep { ChangeStep(files: [path], movedIn: true) }
    func rename(_ from: String, _ to: String) -> ChangeStep {
        ChangeStep(files: [from, to], movedAway: [from], movedIn: true)
    }

    /// The watcher's rule, fed steps as `Watcher.noteChange` feeds it; counts deliveries.
    struct Rule {
        var coalescer = Coalescer<I>(quiet: .milliseconds(50), maxLatency: .milliseconds(250))
        var writes = AtomicWrites<Coalescer<I>>()
        var deliveries: [I] = []

        /// A step at `now`; returns whether it was delivered at once.
        @discardableResult
        mutating func note(_ step: ChangeStep, at now: I) -> Bool {
            if coalescer.isDue(at: now) { deliver(now) }
            if let before = writes.record(step, current: coalescer) { coalescer = before }
            guard coalescer.change(at: now) == .deliverNow else { return false }
            deliver(now)
            return true
        }

        mutating func deliver(_ now: I) {
            coalescer.delivered()
            deliveries.append(now)
        }
    }

    @Test func theRenameCompletesTheTempFilesChangeHoweverTheBatchesSplit() {
        var w = AtomicWrites<Int>()
        // close | rename: the rename completes the close; the state from before the close comes back.
        #expect(w.record(close("t/.tmp.a"), current: 1) == nil)
        #expect(w.record(rename("t/.tmp.a", "t/a.sh"), current: 2) == 1)
        // close + moved_from | moved_to.
        #expect(w.record(ChangeStep(files: ["t/.tmp.b"], movedAway: ["t/.tmp.b"]), current: 3) == nil)
        #expect(w.record(moveIn("t/b.sh"), current: 4) == 3)
        // close | moved_from | moved_to: the rename's halves in two batches.
        #expect(w.record(close("t/.tmp.c"), current: 5) == nil)
        #expect(w.record(moveAway("t/.tmp.c"), current: 6) == nil)
        #expect(w.record(moveIn("t/c.sh"), current: 7) == 5)
    }

    @Test func onlyARenameOfTheLatestChangesFilesCompletesIt() {
        var w = AtomicWrites<Int>()
        // A file moved in from outside after another file's change: two writes.
        #expect(w.record(close("t/x.sh"), current: 1) == nil)
        #expect(w.record(moveIn("t/y.sh"), current: 2) == nil)
        // A rename of something else than the latest change's files.
        #expect(w.record(close("t/.tmp.a"), current: 3) == nil)
        #expect(w.record(rename("t/.tmp.other", "t/a.sh"), current: 4) == nil)
        // A directory rescan or an overflow in between: nothing pending.
        #expect(w.record(close("t/.tmp.b"), current: 5) == nil)
        #expect(w.record(ChangeStep(beyondFiles: true), current: 6) == nil)
        #expect(w.record(rename("t/.tmp.b", "t/b.sh"), current: 7) == nil)
        // A completion is never taken back itself: a chain of renames a → b → c → d.
        #expect(w.record(rename("t/a", "t/b"), current: 8) == nil)
        #expect(w.record(rename("t/b", "t/c"), current: 9) == 8)
        #expect(w.record(rename("t/c", "t/d"), current: 10) == nil)
    }

    @Test func loneAtomicWritesAreDeliveredAtTheirRenameEvenWhenTheTempCloseCameFirst() {
        var rule = Rule()
        for i in 0..<20 {
            let t = Double(i) * 120
            rule.note(close("t/.tmp.\(i)"), at: at(t))  // delivered at once (a lone change) or not: no matter
            let atOnce = rule.note(rename("t/.tmp.\(i)", "t/f\(i).sh"), at: at(t + 0.2))
            #expect(atOnce, "write \(i)")
        }
    }

    @Test func aStormOfAtomicWritesIsStillCoalesced() {
        var rule = Rule()
        var atOnce = 0
        // 1 s of atomic writes every 5 ms, each split into close | rename.
        for i in 0..<200 {
            let t = Double(i) * 5
            if rule.note(close("t/.tmp.\(i)"), at: at(t)) { atOnce += 1 }
            if rule.note(rename("t/.tmp.\(i)", "t/f\(i).sh"), at: at(t + 0.2)) { atOnce += 1 }
        }
        if rule.coalescer.isDue(at: at(2_000)) { rule.deliver(at(2_000)) }
        // The leading edge (the first temp close and its rename), then the cap-ended bursts of a storm.
        #expect(atOnce == 2)
        #expect(rule.deliveries.count <= 5, "\(rule.deliveries)")
    }
}

#if os(Linux)
    /// The same on real inotify, with the batches split for sure: the temp file is renamed only once it was
    /// published, so its close and the rename reach the watcher separately. The manual clock never moves unless
    /// the test says so: what is delivered without it was delivered at once.
    @Suite(.serialized, .timeLimit(.minutes(1)))
    struct AtomicWriteInotifyTests {
        @Test func aTempFileRenamedIntoPlaceIsDeliveredAtOnceAndABurstOfThemStillWaits() async throws {
            let f = try WatchFixture()
            defer { f.cleanup() }
            f.mkdir("src/tools")
            let clock = ManualClock()
            let w = try Watcher(
                root: f.root, paths: [.directory("src/tools")],
                options: WatchOptions(quiet: .milliseconds(50), maxLatency: .milliseconds(250), reconcileInterval: nil),
                clock: clock, makeRaw: { try Inotify() })
            _ = try await w.start()

            // A writer's own temp name (not an ignored pattern): its close is published first, as a lone change.
            f.write("src/tools/.tmp.k3f9", "#!/bin/sh\necho one\n")
            #expect(await w.waitFor { $0.files["src/tools/.tmp.k3f9"] != nil } != nil)
            f.move("src/tools/.tmp.k3f9", "src/tools/one.sh")
            let one = await w.waitFor { $0.files["src/tools/one.sh"] != nil }
            #expect(one?.files.keys.sorted() == ["src/tools/one.sh"], "the rename waited for the quiet period")

            // A second write right after (the clock has not moved): within the quiet period of the first, so a
            // burst; its rename is coalesced with it, not delivered at once.
            let before = try #require(one).generation
            f.write("src/tools/.tmp.p2q7", "#!/bin/sh\necho two\n")
            f.move("src/tools/.tmp.p2q7", "src/tools/two.sh")
            #expect(await clock.waitForSleepers())
            #expect(await w.generation(after: .milliseconds(150)) == before)
            var s: WatchSnapshot?
            for _ in 0..<20 where s == nil {
                clock.advance(by: .milliseconds(50))
                s = await w.waitFor(timeout: .milliseconds(500)) { $0.files["src/tools/two.sh"] != nil }
            }
            #expect(s?.files.keys.sorted() == ["src/tools/one.sh", "src/tools/two.sh"])
            await w.stop()
        }
    }
#endif
