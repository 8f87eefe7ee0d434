import AxonConfig
import AxonCore
import AxonRuntime
import AxonTools
import AxonTrace
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `axon-bench hot-load [latency N] [latency-replace N] [call N [no-bwrap]] [burst N]`: hot-load inside one idle
/// session (issue 11), in process. With no part named: latency, call and burst.
///
/// - latency: N tool files, 120 ms apart, each written outside the watched folders and renamed into `src/tools/`
///   → the session's `onReload` callback (called once `capabilities.reloaded` is written and committed), beside
///   `inotifywait -m -e moved_to src/tools` (the floor) timing its line for the same renames. Target p50 ≤ 3 ms,
///   p99 ≤ 10 ms. latency-replace: the same, each trial a new version of one tool (the catalog stays one file).
/// - call: an executable tool called through `session.tools.call` beside a bare `posix_spawn` of the same
///   script with stdin and stdout piped (`HotLoadToolCall.swift`). Target ≤ 1.5× the floor, unsandboxed.
/// - burst: N/2 tool files and N/2 knowledge files renamed into place as fast as possible → time until the
///   session has all of them, reload generations applied (target ≤ 3), RSS growth, and the next request's
///   tool list.
enum HotLoadBench {
    static func main(_ args: [String]) async throws {
        signal(SIGPIPE, SIG_IGN)
        let all = !["latency", "latency-replace", "call", "burst"].contains { args.contains($0) }
        if all || args.contains("latency") {
            try await latency(trials: WatchBench.value(after: "latency", in: args) ?? 200, replacing: false)
        }
        if args.contains("latency-replace") {
            try await latency(trials: WatchBench.value(after: "latency-replace", in: args) ?? 200, replacing: true)
        }
        if all || args.contains("call") {
            try await HotLoadToolCall.run(
                calls: WatchBench.value(after: "call", in: args) ?? 300, sandboxed: !args.contains("no-bwrap"))
        }
        if all || args.contains("burst") {
            try await burst(files: WatchBench.value(after: "burst", in: args) ?? 10_000)
        }
    }

    // MARK: latency

    /// - Parameter replacing: every trial publishes a new version of one tool `t` (the catalog stays at one
    ///   file) instead of a new tool `tN` (the catalog grows by one file per trial).
    static func latency(trials: Int, replacing: Bool) async throws {
        let warmups = 5
        let repo = try Repo()
        defer { repo.remove() }
        guard let inotifywait = findProgram("inotifywait") else {
            emit("hot-load latency: skipped (no inotifywait; apt-get install inotify-tools)")
            return
        }
        let session = try await repo.start(hotLoad: .watch)
        let reloads = Reloads()
        await session.onReload(reloads.handler)
        // The floor: inotifywait on the same directory, each line stamped by a reader thread as it arrives.
        guard
            let floor = Spawn.start(
                [inotifywait, "-m", "-q", "-e", "moved_to", "--format", "%f", repo.root + "/src/tools"],
                environment: ["PATH=/usr/bin:/bin"], stdin: false, stderrToNull: true)
        else { throw POSIXError(.EIO) }
        let lines = LineStamps(fd: floor.stdout)
        try await Task.sleep(for: .milliseconds(500))  // its watch is set up

        var axon: [Double] = [], inotify: [Double] = [], missed = 0, events = 0
        var iterator = reloads.stream.makeAsyncIterator()
        for i in 0..<(trials + warmups) {
            try await Task.sleep(for: .milliseconds(120))
            let name = replacing ? "t" : "t\(i)"
            let staged = repo.root + "/stage/\(name).sh", target = repo.root + "/src/tools/\(name).sh"
            try WatchBench.write(staged, Repo.tool(name: name, version: i))
            let watchdog = reloads.watchdog(trial: i, after: .seconds(5))
            let start = ContinuousClock.now
            guard rename(staged, target) == 0 else { throw POSIXError(.EIO) }
            var reloaded: ContinuousClock.Instant?
            while let reload = await iterator.next() {
                if reload.summary == "timeout \(i)" { break }
                if reload.summary.hasPrefix("timeout ") { continue }
                events += 1
                if reload.items.contains("+tool \(name)") || reload.items.contains("~tool \(name)") {
                    reloaded = reload.at
                    break
                }
            }
            watchdog.cancel()
            let seen = await lines.wait(for: "\(name).sh", after: start, within: .seconds(2))
            guard let reloaded, let seen else {
                missed += 1
                continue
            }
            if i >= warmups {
                axon.append(WatchBench.milliseconds(reloaded - start))
                inotify.append(WatchBench.milliseconds(seen - start))
            }
        }
        kill(floor.pid, SIGKILL)  // not SIGTERM: a child spawned without attributes inherits the mask
        _ = Spawn.wait(floor.pid)
        let active = session.tools.catalog.active.filter { $0.kind == .executable }.count
        // Parts of one reload, timed alone: the re-scan of the tool folders (the call the session makes), and
        // the trace commit's floor (a 400-byte append + fsync beside the session's trace).
        let reread = ContinuousClock.now
        for _ in 0..<20 { _ = ToolCatalog.load(root: repo.root) }
        let rereadMS = WatchBench.milliseconds(ContinuousClock.now - reread) / 20
        let fsyncs = try commitFloor(directory: repo.root + "/data/sessions")
        await session.end(reason: "completed")
        let traced = repo.traceLines(containing: "\"capabilities.reloaded\"")

        let firstQuarter = Array(axon.prefix(axon.count / 4)).sorted()
        let lastQuarter = Array(axon.suffix(axon.count / 4)).sorted()
        axon.sort()
        inotify.sort()
        let writer = replacing ? "a new version of one tool each time" : "a new tool each time"
        emit(
            "hot-load latency (rename into src/tools → onReload after capabilities.reloaded is committed; "
                + "\(writer), staged outside the watched folders, 120 ms apart), \(trials) trials after "
                + "\(warmups) warm-ups:")
        emit("  axon session   " + summary(axon))
        emit("  inotifywait -m " + summary(inotify))
        emit(
            "  ratio axon / inotifywait: p50 \(fmt(p(axon, 0.5) / p(inotify, 0.5)))×  p90 "
                + "\(fmt(p(axon, 0.9) / p(inotify, 0.9)))×  p99 \(fmt(p(axon, 0.99) / p(inotify, 0.99)))×")
        emit(
            "  axon p50 over the first quarter \(fmt(p(firstQuarter, 0.5))) ms, the last \(fmt(p(lastQuarter, 0.5))) "
                + "ms; alone: one ToolCatalog.load of the final \(active) tool files \(fmt(rereadMS)) ms, "
                + "append + fsync p50 \(fmt(p(fsyncs, 0.5))) ms p99 \(fmt(p(fsyncs, 0.99))) ms")
        emit(
            "  reloads: \(events) applied for \(trials + warmups) renames, \(traced) capabilities.reloaded lines "
                + "in the trace, \(missed) trials missed (no reload or no inotifywait line within the timeout); "
                + "\(repo.warnings.count) warnings")
    }

    /// 50 appends of a 400-byte line to a file in `directory`, each followed by fsync: sorted milliseconds.
    static func commitFloor(directory: String) throws -> [Double] {
        let path = directory + "/fsync-floor.tmp"
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer {
            close(fd)
            unlink(path)
        }
        let line = Array((String(repeating: "x", count: 399) + "\n").utf8)
        var samples: [Double] = []
        for _ in 0..<50 {
            let start = ContinuousClock.now
            guard Glibc.write(fd, line, line.count) == line.count, fsync(fd) == 0 else { throw POSIXError(.EIO) }
            samples.append(WatchBench.milliseconds(ContinuousClock.now - start))
        }
        return samples.sorted()
    }

    // MARK: burst

    static func burst(files count: Int) async throws {
        let half = count / 2
        let repo = try Repo()
        defer { repo.remove() }
        let session = try await repo.start(hotLoad: .watch)
        let reloads = Reloads()
        await session.onReload(reloads.handler)
        let builtins = session.tools.catalog.active.count
        let specsBefore = session.tools.specs.count
        try await Task.sleep(for: .milliseconds(300))  // idle
        // Staged outside the watched folders first, so the burst is the renames alone.
        for i in 0..<half {
            try WatchBench.write(repo.root + "/stage/b\(i).sh", Repo.tool(name: "b\(i)"))
            try WatchBench.write(repo.root + "/stage/k\(i).md", "# Note \(i)\n\nWhat note \(i) says.\n")
        }
        let before = WatchBench.memory()
        let generationBefore = await session.generation
        let start = ContinuousClock.now
        for i in 0..<half {
            guard rename(repo.root + "/stage/b\(i).sh", repo.root + "/src/tools/b\(i).sh") == 0,
                rename(repo.root + "/stage/k\(i).md", repo.root + "/data/knowledge/k\(i).md") == 0
            else { throw POSIXError(.EIO) }
        }
        let renamed = ContinuousClock.now - start
        let watchdog = reloads.watchdog(trial: 0, after: .seconds(120))
        var tools = 0, knowledge = 0, applied: [(Duration, Int, Int)] = [], complete: Duration?
        var iterator = reloads.stream.makeAsyncIterator()
        while let reload = await iterator.next() {
            if reload.summary.hasPrefix("timeout ") { break }
            let t = reload.items.filter { $0.hasPrefix("+tool b") }.count
            let k = reload.items.filter { $0.hasPrefix("+knowledge data/knowledge/k") }.count
            tools += t
            knowledge += k
            applied.append((reload.at - start, t, k))
            if tools == half, knowledge == half {
                complete = reload.at - start
                break
            }
        }
        watchdog.cancel()
        let after = WatchBench.memory()
        let registered = session.tools.catalog.active.count - builtins
        let knowledgeFiles = await session.knowledgeFiles.count
        let generationAfter = await session.generation
        // The request right after the burst, on the replay model: what it is offered.
        let specs = session.tools.specs
        let specBytes = specs.reduce(0) {
            $0 + $1.name.utf8.count + $1.description.utf8.count + $1.inputSchema.serialized().utf8.count
        }
        let promptBytes = await session.systemPrompt.utf8.count
        let requestStart = ContinuousClock.now
        let result = try await session.request("what changed?")
        let requestMS = WatchBench.milliseconds(ContinuousClock.now - requestStart)
        await session.end(reason: "completed")
        let traced = repo.traceLines(containing: "\"capabilities.reloaded\"")

        emit(
            "hot-load burst: \(half) tool files into src/tools + \(half) markdown files into data/knowledge, "
                + "staged, then renamed in \(fmt(WatchBench.milliseconds(renamed))) ms:")
        if let complete {
            emit(
                "  all \(half) tools and \(half) knowledge files applied \(fmt(WatchBench.milliseconds(complete))) ms after the first rename"
            )
        } else {
            emit("  NOT complete within 120 s: \(tools) tools, \(knowledge) knowledge files applied")
        }
        emit(
            "  \(applied.count) reload generations applied (source generations \(generationBefore) → "
                + "\(generationAfter)): "
                + applied.map { "+\($0.1) tools +\($0.2) knowledge at \(fmt(WatchBench.milliseconds($0.0))) ms" }
                .joined(separator: "; "))
        emit(
            "  registry: \(registered) executable tools active, \(knowledgeFiles) knowledge files in the prompt's "
                + "list; \(traced) capabilities.reloaded lines in the trace")
        emit(
            "  RSS \(before.rss) → \(after.rss) KiB (+\(fmt(Double(after.rss - before.rss) / 1024)) MiB), "
                + "VmHWM \(after.hwm) KiB")
        emit(
            "  next request (replay): \(result.status) in \(fmt(requestMS)) ms, offered \(specs.count) tools "
                + "(\(specsBefore) before the burst; OpenAI accepts at most 128), spec text "
                + "\(specBytes / 1024) KiB, system prompt \(promptBytes / 1024) KiB")
    }

    // MARK: helpers

    static func summary(_ sorted: [Double]) -> String {
        "p50 \(fmt(p(sorted, 0.5))) ms  p90 \(fmt(p(sorted, 0.9))) ms  p99 \(fmt(p(sorted, 0.99))) ms  "
            + "max \(fmt(sorted.last ?? 0)) ms  over 10 ms: \(sorted.filter { $0 > 10 }.count)"
    }

    static func p(_ sorted: [Double], _ q: Double) -> Double { WatchBench.percentile(sorted, q) }

    /// `print`, flushed at once (the output may be a pipe).
    static func emit(_ line: String) {
        print(line)
        fflush(nil)
    }

    static func fmt(_ v: Double) -> String { String((v * 1000).rounded() / 1000) }

    static func findProgram(_ name: String) -> String? {
        ["/usr/bin/", "/bin/", "/usr/local/bin/"].map { $0 + name }.first { access($0, X_OK) == 0 }
    }
}

/// A throwaway repo with a replay model: `src/tools/`, `data/knowledge/`, and `stage/` (not watched) for files
/// written before they are renamed into place.
final class Repo: Sendable {
    let root: String
    let collected = Mutex<[String]>([])

    init() throws {
        root = try WatchBench.temporaryDirectory()
        for sub in ["src/tools", "data/knowledge", "stage"] {
            try FileManager.default.createDirectory(atPath: root + "/" + sub, withIntermediateDirectories: true)
        }
        try WatchBench.write(root + "/script.yaml", "default: [{text: ok}]\n")
    }

    static let config = FleetConfig(
        models: ["offline": ModelSpec(key: "offline", provider: .replay, script: "script.yaml")],
        agents: ["default": AgentSpec(name: "default", model: "offline")], agentOrder: ["default"])

    /// A valid executable tool that echoes its arguments.
    static func tool(name: String, version: Int = 0) -> String {
        "#!/bin/sh\n# ---\n# name: \(name)\n# description: Echo the arguments (\(name), version \(version)).\n"
            + "# ---\ncat\n"
    }

    var warnings: [String] { collected.withLock { $0 } }

    func start(hotLoad: HotLoad, sandbox: Bool = false) async throws -> Session {
        var environment = ["PATH": "/usr/bin:/bin"]
        if !sandbox { environment["AXON_SANDBOX"] = "none" }
        return try await Session.start(
            config: Self.config, agent: "default", shape: .interactive, workspace: Workspace(root: root),
            environment: environment, hotLoad: hotLoad,
            warn: { [self] line in self.collected.withLock { $0.append(line) } })
    }

    /// The lines of the session traces that contain `text`.
    func traceLines(containing text: String) -> Int {
        let dir = root + "/data/sessions"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return files.filter { $0.hasSuffix(".jsonl") }.reduce(0) { count, file in
            let content = (try? String(contentsOfFile: dir + "/" + file, encoding: .utf8)) ?? ""
            return count + content.split(separator: "\n").filter { $0.contains(text) }.count
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

/// The session's reload announcements, each stamped in the callback.
final class Reloads: Sendable {
    struct Reload: Sendable {
        var at: ContinuousClock.Instant
        var summary: String
        /// `+tool NAME`, `+knowledge PATH`, …
        var items: [String] {
            guard let colon = summary.range(of: ": ") else { return [] }
            return summary[colon.upperBound...].components(separatedBy: ", ")
        }
    }

    let stream: AsyncStream<Reload>
    let continuation: AsyncStream<Reload>.Continuation

    init() {
        let made = AsyncStream.makeStream(of: Reload.self)
        stream = made.stream
        continuation = made.continuation
    }

    var handler: @Sendable (String) -> Void {
        { [continuation] summary in continuation.yield(Reload(at: .now, summary: summary)) }
    }

    /// Yields `timeout TRIAL` after `delay` unless cancelled.
    func watchdog(trial: Int, after delay: Duration) -> Task<Void, Never> {
        Task { [continuation] in
            try? await Task.sleep(for: delay)
            if !Task.isCancelled { continuation.yield(Reload(at: .now, summary: "timeout \(trial)")) }
        }
    }
}

/// Lines read from a child's stdout, each stamped when its read returned (a thread of its own).
final class LineStamps: Sendable {
    let seen = Mutex<[String: [ContinuousClock.Instant]]>([:])

    init(fd: Int32) {
        let thread = Thread { [self] in
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                let now = ContinuousClock.now
                pending += buffer[0..<n]
                while let newline = pending.firstIndex(of: 10) {
                    let line = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeSubrange(...newline)
                    self.seen.withLock { $0[line, default: []].append(now) }
                }
            }
            close(fd)
        }
        thread.start()
    }

    /// When `line` was first read after `start`; nil if it did not come within `limit`.
    func wait(for line: String, after start: ContinuousClock.Instant, within limit: Duration) async
        -> ContinuousClock.Instant?
    {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let at = seen.withLock({ $0[line]?.first { $0 >= start } }) { return at }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return nil
    }
}
