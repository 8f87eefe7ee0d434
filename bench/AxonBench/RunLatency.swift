import Foundation

/// `axon-bench run-latency AXON [N]`: process start → answer printed for `axon run -p` on the replay model,
/// and the peak RSS of each run (from `wait4`'s rusage). Target: ≤ 30 ms, ≤ 25 MiB (release, static stdlib).
enum RunLatency {
    static func main(_ args: [String]) throws {
        guard let binary = args.first else {
            print("usage: axon-bench run-latency PATH-TO-AXON [ITERATIONS]")
            return
        }
        let iterations = args.count > 1 ? Int(args[1]) ?? 100 : 100
        let dir = NSTemporaryDirectory() + "axon-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir + "/data/replay", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
        version: 1
        models:
          offline: {provider: replay, script: data/replay/demo.yaml}
        defaults: {model: offline}
        agents:
          default: {instructions: "Be brief."}
        """.write(toFile: dir + "/fleet.yaml", atomically: true, encoding: .utf8)
        try "default:\n  - text: \"Hello from the offline model: {{prompt}}\"\n"
            .write(toFile: dir + "/data/replay/demo.yaml", atomically: true, encoding: .utf8)

        var times: [Double] = []
        var cpu: [Double] = []
        var rss: [Int] = []
        for i in 0..<(iterations + 3) {
            let (ms, kib, cpuMS) = try measure(binary, ["run", "--repo", dir, "-p", "hello"])
            if i >= 3 {  // the first runs warm the page cache
                times.append(ms)
                cpu.append(cpuMS)
                rss.append(kib)
            }
        }
        times.sort()
        func pct(_ p: Double) -> Double { times[min(times.count - 1, Int(Double(times.count) * p))] }
        print("run-latency: \(iterations) runs of `axon run -p hello` (replay model)")
        print("  wall ms   p50 \(fmt(pct(0.5)))  p90 \(fmt(pct(0.9)))  p99 \(fmt(pct(0.99)))  max \(fmt(times.last!))")
        print(
            "  peak RSS  max \(fmt(Double(rss.max()!) / 1024)) MiB  median \(fmt(Double(rss.sorted()[rss.count / 2]) / 1024)) MiB"
        )
    }

    /// Runs one process with stdout to /dev/null; returns wall milliseconds and peak RSS in KiB.
    static func spawn(_ path: String, _ args: [String]) throws -> (Double, Int) {
        let (ms, kib, _) = try measure(path, args)
        return (ms, kib)
    }

    /// Like `spawn`, also returning the child's CPU milliseconds (user + system), which machine load does not
    /// inflate the way it inflates wall time.
    static func measure(_ path: String, _ args: [String]) throws -> (Double, Int, Double) {
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let end = DispatchTime.now().uptimeNanoseconds
        let cpu =
            Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000
        return (Double(end - start) / 1e6, Int(usage.ru_maxrss), cpu)
    }

    static func fmt(_ v: Double) -> String {
        let r = (v * 100).rounded() / 100
        return String(r)
    }
}
