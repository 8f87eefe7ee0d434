import AxonCore
import AxonTesting
import Synchronization
import Testing

@testable import AxonWatch

/// The pure parts: the coalescing rule on a manual clock, ignore rules, paths, the wd table, diffs.
@Suite struct WatchLogicTests {
    typealias I = ManualClock.Instant
    func at(_ ms: Int) -> I { I(offset: .milliseconds(ms)) }

    @Test func loneChangeIsDeliveredAtOnceAndABurstAtQuietOrCap() {
        var c = Coalescer<I>(quiet: .milliseconds(50), maxLatency: .milliseconds(250))
        #expect(c.change(at: at(0)) == .deliverNow)
        c.delivered()
        #expect(c.change(at: at(10)) == .deliverAt(at(60)))  // within the storm: a burst, due at quiet
        #expect(c.change(at: at(40)) == .deliverAt(at(90)))
        #expect(!c.isDue(at: at(89)))
        #expect(c.isDue(at: at(90)))
        c.delivered()
        #expect(c.change(at: at(600)) == .deliverNow)  // quiet again, and no storm
        c.delivered()
        // A storm with no pause: the cap delivers 250 ms after the burst began.
        var last = Coalescer<I>.Action.deliverNow
        for t in stride(from: 610, through: 1_000, by: 20) {
            last = c.change(at: at(t))
            if c.isDue(at: at(t)) { break }
        }
        #expect(last == .deliverAt(at(860)))
    }

    @Test func aLongStormGrowsTheCapSoItCostsAHandfulOfGenerations() {
        var c = Coalescer<I>(quiet: .milliseconds(50), maxLatency: .milliseconds(250))
        var deliveries: [Int] = []
        // 3 s of changes every 10 ms, with a 60 ms stall (longer than quiet) at 500 ms.
        for t in stride(from: 0, through: 3_000, by: 10) {
            if c.isDue(at: at(t)) {
                c.delivered()
                deliveries.append(t)
            }
            if !(500..<560).contains(t), c.change(at: at(t)) == .deliverNow {
                c.delivered()
                deliveries.append(t)
            }
        }
        // The leading edge; the 250 ms cap (a storm); quiet during the stall; the 1 s cap; then 4 s.
        #expect(deliveries == [0, 260, 540, 1_560])
        #expect(c.cap == .milliseconds(4_000))
        // After a calm period the next lone change is delivered at once with the cap back to 250 ms.
        #expect(c.isDue(at: at(3_050)))
        c.delivered()
        #expect(c.change(at: at(4_000)) == .deliverNow)
        c.delivered()
        #expect(c.cap == .milliseconds(250))
    }

    @Test func manualClockSleepersWakeInDeadlineOrder() async throws {
        let clock = ManualClock()
        let order = OrderBox()
        let t1 = Task {
            try await clock.sleep(until: clock.now.advanced(by: .seconds(2))); order.add(2)
        }
        let t2 = Task {
            try await clock.sleep(until: clock.now.advanced(by: .seconds(1))); order.add(1)
        }
        #expect(await clock.waitForSleepers(2))
        clock.advance(by: .seconds(1))
        try await t2.value
        #expect(order.values == [1])
        clock.advance(by: .seconds(5))
        try await t1.value
        #expect(order.values == [1, 2])
        let t3 = Task { try await clock.sleep(until: clock.now.advanced(by: .seconds(1))) }
        #expect(await clock.waitForSleepers(1))
        t3.cancel()
        await #expect(throws: CancellationError.self) { try await t3.value }
    }

    @Test(arguments: [
        ("a.sh.swp", true), (".a.sh.swx", true), ("notes~", true), ("4913", true), (".#fleet.yaml", true),
        ("x.tmp-123", true), (".fleet.yaml.axon-tmp-42", true), (".git", true), (".axon", true),
        ("a.sh", false), ("swp", false), ("tmp-1", false), ("4913.md", false), (".agents", false),
    ])
    func ignoreRules(name: String, ignored: Bool) {
        #expect(IgnoreRules().ignores("src/tools/" + name) == ignored)
    }

    @Test func sessionsAreIgnoredByPathNotByName() {
        let rules = IgnoreRules(extraNames: ["*.bak"])
        #expect(rules.ignores("data/sessions"))
        #expect(rules.ignores("data/sessions/x.jsonl"))
        #expect(!rules.ignores("data/knowledge/sessions"))
        #expect(rules.ignores("a/b.bak"))
    }

    @Test func pathsAreNormalizedAndEscapesRejected() throws {
        #expect(try WatchPath.directory("./src/tools/").normalized() == .directory("src/tools"))
        #expect(try WatchPath.directory(".").normalized() == .directory(""))
        #expect(throws: WatchError.self) { try WatchPath.directory("../etc").normalized() }
        #expect(throws: WatchError.self) { try WatchPath.file("/etc/passwd").normalized() }
        #expect(throws: WatchError.self) { try WatchPath.file("a//b").normalized() }
        let interest = PathInterest([.directory("src/tools"), .file("fleet.yaml")])
        #expect(interest.covers("src/tools/x/y.sh"))
        #expect(!interest.covers("src/toolsx/y.sh"))
        #expect(interest.covers("fleet.yaml"))
        #expect(!interest.covers("fleet.yml"))
        #expect(interest.descends(into: "src"))
        #expect(!interest.descends(into: "data"))
    }

    @Test func watchDescriptorsRecycledAfterIgnoredKeepTheMapExact() {
        var table = WatchTable()
        table.insert(1, path: "a")
        table.insert(2, path: "a/b")
        table.insert(3, path: "c")
        #expect(table.removeAll(under: "a").sorted() == [1, 2])
        table.insert(1, path: "d")  // the kernel reused wd 1 before its IN_IGNORED was read
        #expect(table.ignored(1) == nil)  // the stale IN_IGNORED for our own removal…
        #expect(table.path(of: 1) == "d")  // …does not drop the new watch
        #expect(table.ignored(3) == "c")  // a kernel-initiated IN_IGNORED (directory deleted)
        table.insert(4, path: "e")
        table.insert(4, path: "e2")  // same inode seen under a new path (renamed while events were lost)
        #expect(table.path(of: 4) == "e2")
        #expect(table.descriptors["e"] == nil)
        #expect(table.count == 2)
    }

    @Test func diffIsByContentHash() {
        let old: [String: FileState] = [
            "a": FileState(hash: "1", size: 1, mtime: .init(milliseconds: 0)),
            "b": FileState(hash: "2", size: 1, mtime: .init(milliseconds: 0)),
        ]
        var new = old
        new["a"]?.mtime = .init(milliseconds: 5)  // touched, same content
        new["b"]?.hash = "3"
        new["c"] = FileState(hash: "4", size: 1, mtime: .init(milliseconds: 0))
        new["a"] = nil
        #expect(WatchSnapshot.diff(from: old, to: new) == .init(added: ["c"], changed: ["b"], removed: ["a"]))
    }
}

final class OrderBox: Sendable {
    private let items = Mutex<[Int]>([])
    func add(_ i: Int) { items.withLock { $0.append(i) } }
    var values: [Int] { items.withLock { $0 } }
}

@Suite struct EventlessFilesystemTests {
    static let mountinfo = """
        22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
        40 22 0:35 / /mnt/nfs rw,relatime shared:20 - nfs4 server:/export rw,vers=4.2
        41 22 0:36 / /mnt/c rw,noatime - 9p drvfs rw,dirsync
        42 22 0:37 / /home/u/sshfs\\040dir rw - fuse.sshfs u@host:/ rw
        43 40 0:38 / /mnt/nfs/local rw - tmpfs tmpfs rw
        """

    @Test(arguments: [
        ("/mnt/nfs/repo", "nfs4"), ("/mnt/c/Users/me/repo", "9p"), ("/home/u/sshfs dir/repo", "fuse.sshfs"),
    ])
    func networkAndUserspaceFilesystemsArePolled(path: String, type: String) {
        #expect(EventlessFilesystem.classify(mountinfo: Self.mountinfo, path: path) == type)
    }

    @Test(arguments: ["/home/u/repo", "/mnt/nfs/local/repo", "/mnt/nfsx", "/"])
    func localFilesystemsUseInotify(path: String) {
        #expect(EventlessFilesystem.classify(mountinfo: Self.mountinfo, path: path) == nil)
    }

    @Test func aLocalTemporaryDirectoryIsNotEventless() {
        #expect(EventlessFilesystem.name(at: "/tmp") == nil)
    }
}
