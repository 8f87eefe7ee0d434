#if os(Linux)
    import AxonTesting
    @testable import AxonWatch
    import Foundation
    import Synchronization
    import Testing

    /// Real inotify behind a wrapper that injects what the kernel does under pressure: a queue overflow, lost
    /// events, ENOSPC and EMFILE (edge cases 32, 33, 45) without touching machine-wide sysctls.
    final class FaultyInotify: RawWatcher, @unchecked Sendable {
        private let real: Inotify
        private struct Faults {
            var suppress = false
            var watchesLeft: Int?
        }
        private let faults = Mutex(Faults())
        private let continuation: AsyncStream<[RawEvent]>.Continuation
        let events: AsyncStream<[RawEvent]>

        /// `watchLimit`: `addWatch` fails with ENOSPC once this many watches were added.
        init(watchLimit: Int? = nil) throws {
            real = try Inotify()
            faults.withLock { $0.watchesLeft = watchLimit }
            (events, continuation) = AsyncStream.makeStream(of: [RawEvent].self)
            let (real, continuation) = (real, continuation)
            Task { [weak self] in
                for await batch in real.events {
                    guard let self else { break }
                    if !self.faults.withLock({ $0.suppress }) { continuation.yield(batch) }
                }
                continuation.finish()
            }
        }

        /// While true, every kernel event is dropped (a suspend, a kernel event loss).
        func suppress(_ on: Bool) { faults.withLock { $0.suppress = on } }

        /// Drops events like a full queue does, then reports the overflow.
        func overflow() { continuation.yield([.overflow]) }

        func addWatch(_ absolutePath: String, mask: UInt32) throws(RawError) -> Int32 {
            let allowed = faults.withLock { f -> Bool in
                guard let left = f.watchesLeft else { return true }
                if left <= 0 { return false }
                f.watchesLeft = left - 1
                return true
            }
            guard allowed else { throw .watchLimit }
            return try real.addWatch(absolutePath, mask: mask)
        }

        func removeWatch(_ wd: Int32) { real.removeWatch(wd) }
        func close() { real.close() }
    }

    @Suite(.serialized, .timeLimit(.minutes(1)))
    struct FaultInjectionTests {
        @Test func injectedOverflowRescansAndTheSnapshotEqualsTheDisk() async throws {
            let f = try WatchFixture(files: ["k/a.md": "a", "k/b.md": "b", "k/old/c.md": "c"])
            defer { f.cleanup() }
            let box = Mutex<FaultyInotify?>(nil)
            let w = try f.watcher(raw: {
                let r = try FaultyInotify(); box.withLock { $0 = r }; return r
            })
            _ = try await w.start()
            let raw = try #require(box.withLock { $0 })
            raw.suppress(true)  // everything below is "lost in the overflow"
            f.write("k/a.md", "A changed")
            f.remove("k/b.md")
            f.remove("k/old")
            f.mkdir("k/new/deeper")
            f.write("k/new/deeper/d.md", "d")
            f.write("k/e.md", "e")
            try await Task.sleep(for: .milliseconds(50))
            raw.suppress(false)
            raw.overflow()
            let expected = f.diskState()
            let s = await w.waitFor { $0.hashes == expected }
            #expect(s?.hashes == expected)
            #expect(await w.overflowCount == 1)
            // The directories created during the loss are watched now, and the deleted ones are not.
            f.write("k/new/deeper/later.md", "later")
            #expect(await w.waitFor { $0.files["k/new/deeper/later.md"] != nil } != nil)
            #expect(await w.watchCount == 4)  // root, k, k/new, k/new/deeper
            await w.stop()
        }

        @Test func injectedENOSPCFallsBackToPollingThatStillSeesChanges() async throws {
            let f = try WatchFixture(files: ["a/1.md": "1", "b/2.md": "2", "c/3.md": "3"])
            defer { f.cleanup() }
            let w = try f.watcher(raw: { try FaultyInotify(watchLimit: 2) })
            let first = try await w.start()
            #expect(first.files.count == 3)
            guard case .polling(let reason) = await w.mode, case .watchLimitReached = reason else {
                Issue.record("expected polling after ENOSPC, got \(await w.mode)")
                return
            }
            #expect(reason.description.contains("fs.inotify.max_user_watches"))
            #expect(await w.watchCount == 0)  // no silent partial watching
            f.write("c/4.md", "4")
            f.atomicWrite("a/1.md", "one")
            f.remove("b/2.md")
            let expected = f.diskState()
            #expect(await w.waitFor { $0.hashes == expected } != nil)
            await w.stop()
        }

        @Test func injectedEMFILEAtInitPollsAndNamesTheInstanceSysctl() async throws {
            let f = try WatchFixture(files: ["a.md": "a"])
            defer { f.cleanup() }
            let w = try f.watcher(raw: { throw RawError.instanceLimit })
            let first = try await w.start()
            #expect(first.files.keys.sorted() == ["a.md"])
            guard case .polling(let reason) = await w.mode else { Issue.record("expected polling"); return }
            #expect(reason.description.contains("fs.inotify.max_user_instances"))
            f.write("b.md", "b")
            #expect(await w.waitFor { $0.files["b.md"] != nil } != nil)
            await w.stop()
        }

        @Test func periodicReconcileFindsAChangeNoEventReported() async throws {
            let f = try WatchFixture(files: ["k.md": "k"])
            defer { f.cleanup() }
            let clock = ManualClock()
            let box = Mutex<FaultyInotify?>(nil)
            let w = try Watcher(
                root: f.root, paths: [.directory("")],
                options: WatchOptions(reconcileInterval: .seconds(30)), clock: clock,
                makeRaw: {
                    let r = try FaultyInotify(); box.withLock { $0 = r }; return r
                })
            _ = try await w.start()
            let raw = try #require(box.withLock { $0 })
            raw.suppress(true)
            f.write("k.md", "changed behind our back")
            f.write("new.md", "new")
            #expect(await clock.waitForSleepers())
            clock.advance(by: .seconds(29))
            #expect(await w.generation(after: .milliseconds(100)) == 1)
            clock.advance(by: .seconds(1))
            // Both were written just now, so the reconcile waits one quiet period for their stat to hold still.
            #expect(await clock.waitForSleepers())
            #expect(await w.reconcileCount == 1)
            clock.advance(by: .milliseconds(50))
            let s = await w.waitFor { $0.generation == 2 }
            #expect(s?.changes == WatchSnapshot.Changes(added: ["new.md"], changed: ["k.md"]))
            #expect(await w.reconcileCount == 1)
            await w.stop()
        }

        @Test func burstIsHeldUntilTheManualClockPassesTheQuietPeriod() async throws {
            let f = try WatchFixture()
            defer { f.cleanup() }
            let clock = ManualClock()
            let w = try Watcher(
                root: f.root, paths: [.directory("")],
                options: WatchOptions(quiet: .milliseconds(50), maxLatency: .milliseconds(250), reconcileInterval: nil),
                clock: clock, makeRaw: { try Inotify() })
            _ = try await w.start()
            f.write("a.md", "a")  // after a quiet period: at once, no clock movement needed
            #expect(await w.waitFor { $0.files["a.md"] != nil } != nil)
            f.write("b.md", "b")  // the manual clock has not moved: within the quiet period of a.md → held
            f.write("c.md", "c")
            #expect(await clock.waitForSleepers())
            #expect(await w.generation(after: .milliseconds(100)) == 2)
            // Passing the quiet period releases the burst. (Under load c.md's event can arrive after the advance
            // and go out in a generation of its own, so the clock is moved until both are out.)
            var s: WatchSnapshot?
            for _ in 0..<20 where s == nil {
                clock.advance(by: .milliseconds(50))
                s = await w.waitFor(timeout: .milliseconds(500)) { $0.files.count == 3 }
            }
            #expect(s?.files.keys.sorted() == ["a.md", "b.md", "c.md"])
            #expect((s?.generation ?? 0) >= 3)
            await w.stop()
        }
    }
#endif
