import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `axon-bench fleet-fanout [--agents N] [--trials T] [--axon PATH]`: a real `axon up` of N persistent agents
/// on the replay model; each trial renames a new tool file into `src/tools/` and times it until the
/// supervisor prints `hot-load generation G (tools): acked by N/N agents` — its one watcher saw the rename,
/// every agent got the generation on its channel, re-read its tools, and acked — beside `inotifywait -m`
/// (the floor) on the same renames. Target: p50 ≤ 10 ms, p99 ≤ 30 ms for 32 agents.
enum FleetFanout {
    static func main(_ args: [String]) async throws {
        let agents = WatchBench.value(after: "--agents", in: args) ?? 32
        let trials = WatchBench.value(after: "--trials", in: args) ?? 100
        let warmups = 5
        let axon =
            args.firstIndex(of: "--axon").flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
            ?? URL(
                fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
            )
            .deletingLastPathComponent().appendingPathComponent("axon").path
        guard access(axon, X_OK) == 0 else {
            HotLoadBench.emit("fleet-fanout: no axon binary at \(axon) (build it, or pass --axon PATH)")
            return
        }
        guard let inotifywait = HotLoadBench.findProgram("inotifywait") else {
            HotLoadBench.emit("fleet-fanout: skipped (no inotifywait; apt-get install inotify-tools)")
            return
        }
        let repo = try Repo()
        defer { repo.remove() }
        try WatchBench.write(
            repo.root + "/fleet.yaml",
            """
            version: 1
            models:
              offline: {provider: replay, script: script.yaml}
            defaults:
              model: offline
            agents:
              fan: {replicas: \(agents)}
            """)
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasSuffix("_API_KEY") && !$0.key.hasPrefix("AXON_")
        }
        environment["AXON_SANDBOX"] = "none"
        guard
            let up = Spawn.start(
                [axon, "up", "--repo", repo.root], environment: environment.map { "\($0.key)=\($0.value)" },
                stdin: false, stderrToNull: true, newSession: true)
        else { throw POSIXError(.EIO) }
        let lines = LineStamps(fd: up.stdout)
        defer {
            kill(up.pid, SIGKILL)
            _ = Spawn.wait(up.pid)
        }
        // Every agent's session is up (its trace written) before the first trial.
        let booted = ContinuousClock.now
        while repo.traceCount < agents {
            guard ContinuousClock.now - booted < .seconds(120) else {
                HotLoadBench.emit("fleet-fanout: only \(repo.traceCount) of \(agents) agents started")
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let bootMS = WatchBench.milliseconds(ContinuousClock.now - booted)
        guard
            let floor = Spawn.start(
                [inotifywait, "-m", "-q", "-e", "moved_to", "--format", "%f", repo.root + "/src/tools"],
                environment: ["PATH=/usr/bin:/bin"], stdin: false, stderrToNull: true)
        else { throw POSIXError(.EIO) }
        let renames = LineStamps(fd: floor.stdout)
        try await Task.sleep(for: .milliseconds(500))

        var fleet: [Double] = [], inotify: [Double] = [], reported: [Double] = [], missed = 0
        let done = "(tools): acked by \(agents)/\(agents) agent\(agents == 1 ? "" : "s") in "
        for i in 0..<(trials + warmups) {
            try await Task.sleep(for: .milliseconds(150))
            let staged = repo.root + "/stage/t\(i).sh", target = repo.root + "/src/tools/t\(i).sh"
            try WatchBench.write(staged, Repo.tool(name: "t\(i)", version: i))
            let start = ContinuousClock.now
            guard rename(staged, target) == 0 else { throw POSIXError(.EIO) }
            let acked = await lines.first(after: start, within: .seconds(5)) {
                $0.hasPrefix("hot-load generation ") && $0.contains(done)
            }
            let seen = await renames.wait(for: "t\(i).sh", after: start, within: .seconds(2))
            guard let acked, let seen else {
                missed += 1
                continue
            }
            if i >= warmups {
                fleet.append(WatchBench.milliseconds(acked.at - start))
                inotify.append(WatchBench.milliseconds(seen - start))
                // The supervisor's own figure: from sending the generation to the last ack.
                if let tail = acked.line.components(separatedBy: done).last, let ms = Double(tail.dropLast(3)) {
                    reported.append(ms)
                }
            }
        }
        kill(floor.pid, SIGKILL)
        _ = Spawn.wait(floor.pid)
        fleet.sort()
        inotify.sort()
        reported.sort()
        HotLoadBench.emit(
            "fleet fan-out (rename into src/tools → `hot-load … acked by \(agents)/\(agents) agents` read from "
                + "`axon up`; a new tool each time, 150 ms apart), \(agents) agents up in \(HotLoadBench.fmt(bootMS)) "
                + "ms, \(trials) trials after \(warmups) warm-ups:")
        HotLoadBench.emit("  rename → all acked     " + HotLoadBench.summary(fleet))
        HotLoadBench.emit("  sent → last ack (axon) " + HotLoadBench.summary(reported))
        HotLoadBench.emit("  inotifywait -m         " + HotLoadBench.summary(inotify))
        HotLoadBench.emit("  \(missed) trials missed (no complete round or no inotifywait line within the timeout)")
        kill(up.pid, SIGTERM)
        for _ in 0..<200 where kill(up.pid, 0) == 0 && !Spawn.exited(up.pid) {
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

extension Repo {
    /// Session traces written so far (one per agent once every agent is up).
    var traceCount: Int {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: root + "/data/sessions")) ?? []
        return files.filter { $0.hasSuffix(".jsonl") }.count
    }
}

extension LineStamps {
    /// The first line matching `match` read after `start`, and when; nil if none came within `limit`.
    func first(after start: ContinuousClock.Instant, within limit: Duration, where match: (String) -> Bool) async
        -> (line: String, at: ContinuousClock.Instant)?
    {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let found = seen.withLock { seen in
                seen.compactMap { line, stamps in
                    stamps.first { $0 >= start }.flatMap { match(line) ? (line, $0) : nil }
                }.min { $0.1 < $1.1 }
            }
            if let found { return found }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return nil
    }
}

extension Spawn {
    /// Reaps `pid` if it has exited; true then.
    static func exited(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid
    }
}
