import AxonWatch
import Foundation

/// `axon-bench watch [latency N] [burst N]`: the watcher's delivery latency and burst behaviour.
///
/// - latency: N trials of "write a temp file, rename it into a watched root" → time until a consumer holds a
///   snapshot containing it (each trial after a quiet period: the at-once path). Target p50 ≤ 2 ms, p99 ≤ 10 ms.
///   Two writers: axon's own (`.NAME.axon-tmp-N`, a name the watcher ignores) 60 ms apart, and one that picks its
///   own temp name (`.tmp.XXXXXX`, seen by the watcher like any file) 120 ms apart — the temp file's create,
///   write and close events land in the watched directory just before the rename.
/// - burst: N files written as fast as possible → all N in the final snapshot; generations; RSS. Then the same
///   with the kernel queue overflow forced (`fs.inotify.max_queued_events=16`, only as root; restored).
enum WatchBench {
    static func main(_ args: [String]) async throws {
        let latencyTrials = value(after: "latency", in: args) ?? 200
        let burstFiles = value(after: "burst", in: args) ?? 10_000
        let all = !args.contains("latency") && !args.contains("burst")
        if all || args.contains("latency") {
            try await latency(trials: latencyTrials, gap: .milliseconds(60), writer: "axon temp names") { i in
                ".t\(i).axon-tmp-1"
            }
            try await latency(trials: latencyTrials, gap: .milliseconds(120), writer: "own temp names") { _ in
                ".tmp." + String(UInt32.random(in: 0...UInt32.max), radix: 36)
            }
        }
        if all || args.contains("burst") {
            try await burst(files: burstFiles, forceOverflow: false)
            try await burst(files: burstFiles, forceOverflow: true)
        }
    }

    /// - Parameters:
    ///   - gap: the pause before each trial (longer than the quiet period: each file is a lone change).
    ///   - temp: the temp file's name for trial `i`, inside `src/tools/`.
    static func latency(
        trials: Int, gap: Duration, writer: String, temp tempName: (Int) -> String
    ) async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/src/tools", withIntermediateDirectories: true)
        let watcher = try Watcher(root: dir, paths: WatchPath.workspaceRoots(root: dir))
        _ = try await watcher.start()
        var consumer = watcher.snapshots().makeAsyncIterator()
        _ = await consumer.next()
        var samples: [Double] = []
        for i in 0..<(trials + 5) {
            try await Task.sleep(for: gap)  // past the quiet period: the at-once path
            let temp = dir + "/src/tools/" + tempName(i), target = dir + "/src/tools/t\(i).sh"
            try write(temp, "#!/bin/sh\necho \(i)\n")
            let start = ContinuousClock.now
            guard rename(temp, target) == 0 else { throw POSIXError(.EIO) }
            while let s = await consumer.next(), s.files["src/tools/t\(i).sh"] == nil {}
            let elapsed = ContinuousClock.now - start
            if i >= 5 { samples.append(milliseconds(elapsed)) }  // warm-up trials dropped
        }
        await watcher.stop()
        samples.sort()
        print(
            "watch latency (rename into src/tools → consumer has the snapshot; \(writer), "
                + "\(milliseconds(gap)) ms apart), \(trials) trials: "
                + "p50 \(format(percentile(samples, 0.5))) ms  p99 \(format(percentile(samples, 0.99))) ms  "
                + "max \(format(samples.last ?? 0)) ms  over 10 ms: \(samples.filter { $0 > 10 }.count)  "
                + "mode \(await watcher.mode)")
    }

    static func burst(files count: Int, forceOverflow: Bool) async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(
            atPath: dir + "/data/knowledge/burst", withIntermediateDirectories: true)
        let knob = "/proc/sys/fs/inotify/max_queued_events"
        var restore: String?
        if forceOverflow {
            guard geteuid() == 0, access(knob, W_OK) == 0 else {
                print("watch burst with forced overflow: skipped (needs root and a writable \(knob))")
                return
            }
            restore = try String(contentsOfFile: knob, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            try "16".write(toFile: knob, atomically: false, encoding: .utf8)
        }
        defer { if let restore { try? restore.write(toFile: knob, atomically: false, encoding: .utf8) } }
        // Baseline: the same writes into a directory nobody watches (the machine's speed, not the watcher's).
        try FileManager.default.createDirectory(atPath: dir + "/unwatched", withIntermediateDirectories: true)
        let baselineStart = ContinuousClock.now
        for i in 0..<count { try write(dir + "/unwatched/f\(i).md", "file \(i)\n") }
        let baseline = ContinuousClock.now - baselineStart
        let rssBefore = memory()
        let watcher = try Watcher(root: dir, paths: WatchPath.workspaceRoots(root: dir))
        let first = try await watcher.start()
        if let restore { try restore.write(toFile: knob, atomically: false, encoding: .utf8) }  // read at init only

        let start = ContinuousClock.now
        for i in 0..<count { try write(dir + "/data/knowledge/burst/f\(i).md", "file \(i)\n") }
        let written = ContinuousClock.now - start
        var consumer = watcher.snapshots().makeAsyncIterator()
        var last = first
        while let s = await consumer.next() {
            last = s
            if s.files.count == count { break }
        }
        let delivered = ContinuousClock.now - start
        let rssAfter = memory()
        await watcher.stop()
        let label = forceOverflow ? "burst, overflow forced (max_queued_events=16)" : "burst"
        print(
            "watch \(label): \(count) files written in \(format(milliseconds(written))) ms "
                + "(\(format(milliseconds(baseline))) ms unwatched), all \(last.files.count) "
                + "in the final snapshot after \(format(milliseconds(delivered))) ms, "
                + "\(last.generation - first.generation) generations after the initial scan; "
                + "RSS \(rssBefore.rss) → \(rssAfter.rss) KiB, peak (VmHWM) \(rssAfter.hwm) KiB")
    }

    // MARK: helpers

    static func value(after flag: String, in args: [String]) -> Int? {
        guard let i = args.firstIndex(of: flag), i + 1 < args.count else { return nil }
        return Int(args[i + 1])
    }

    static func temporaryDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/axon-watch-bench-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        return String(cString: made)
    }

    static func write(_ path: String, _ content: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var bytes = Array(content.utf8)
        guard Foundation.write(fd, &bytes, bytes.count) == bytes.count else { throw POSIXError(.EIO) }
    }

    /// VmRSS and VmHWM from /proc/self/status, in KiB.
    static func memory() -> (rss: Int, hwm: Int) {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return (field("VmRSS"), field("VmHWM"))
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }

    static func format(_ ms: Double) -> String {
        let scaled = (ms * 100).rounded() / 100
        return "\(scaled)"
    }
}
