import AxonCore
import AxonProcess
import AxonRuntime
import AxonTools
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `axon-bench hot-load call N`: an executable tool (`#!/bin/sh` + `cat`, its arguments echoed) called N times
/// through `session.tools.call` in an idle hot-loading session, interleaved (order alternating) with a bare
/// `posix_spawn` of the same script, stdin and stdout piped, same environment, `waitpid` (the floor). Once
/// with `AXON_SANDBOX=none` beside the bare spawn (the target, ≤ 1.5×), once sandboxed (bwrap) beside a bare
/// spawn of bwrap with the same mounts and namespaces but no write binds. Unsandboxed, four references are timed
/// after each pair, to place the difference: the bare spawn through AxonProcess's `sh -c 'cd …; exec …'` wrapper,
/// the bare spawn with ChildProcess.run's threads (`Spawn.threadedCall`), the same in a new session (`setsid`, as
/// every AxonProcess child), and AxonProcess's `ChildProcess.run` of the script (the layer `ExecutableTool` calls).
enum HotLoadToolCall {
    static func run(calls: Int, sandboxed: Bool) async throws {
        // Beside them, as a reference (not the floor): the same spawn through the `/bin/sh -c 'cd …; exec …'`
        // wrapper AxonProcess puts around every child (posix_spawn has no chdir action Swift can call).
        try await pair(calls: calls, sandbox: false) { _, script in
            [script]
        } reference: { root, script in
            ["/bin/sh", "-c", "cd -- \"$0\" || exit 126; exec \"$@\"", root, script]
        }
        guard sandboxed else { return }
        guard let bwrap = HotLoadBench.findProgram("bwrap") else {
            HotLoadBench.emit("hot-load call, sandboxed: skipped (no bwrap)")
            return
        }
        try await pair(calls: calls, sandbox: true) { root, script in
            [
                bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--ro-bind", root,
                root, "--unshare-net", "--unshare-pid", "--die-with-parent", "--chdir", root, script,
            ]
        }
    }

    /// - Parameter floorArgv: the bare spawn's argv for the repo root and the script's path.
    ///   reference: a second bare spawn timed after each pair (nil: none).
    static func pair(
        calls: Int, sandbox: Bool, floorArgv: (String, String) -> [String],
        reference referenceArgv: ((String, String) -> [String])? = nil
    ) async throws {
        let warmups = 10
        let repo = try Repo()
        defer { repo.remove() }
        let script = repo.root + "/src/tools/echo_args.sh"
        try WatchBench.write(script, Repo.tool(name: "echo_args"))
        chmod(script, 0o755)
        let session = try await repo.start(hotLoad: .watch, sandbox: sandbox)
        let thread = session.id.rawValue
        let call = ToolCall(id: "call-1", name: "echo_args", arguments: ["text": "hi"])
        let expected = "{\"text\":\"hi\"}\n"
        let environment =
            session.tools.environment.map { "\($0.key)=\($0.value)" }.sorted() + ["AXON_THREAD=\(thread)"]
        let argv = floorArgv(repo.root, script)
        let referenceArgv = referenceArgv?(repo.root, script)
        let input = Array(expected.utf8)

        var axon: [Double] = [], floor: [Double] = [], reference: [Double] = [], process: [Double] = []
        var threaded: [Double] = [], setsid: [Double] = []
        var axonCost = Cost(), floorCost = Cost()
        var failures: [String] = []
        func timeAxon() async -> (wall: Double, cost: Cost) {
            let before = Cost.now(), start = ContinuousClock.now
            let outcome = await session.tools.call(call, thread: thread)
            let wall = WatchBench.milliseconds(ContinuousClock.now - start)
            if !outcome.ok || outcome.content != expected { failures.append("axon: " + outcome.content) }
            return (wall, Cost.now() - before)
        }
        func timeFloor(_ argv: [String]) -> (wall: Double, cost: Cost) {
            let before = Cost.now(), start = ContinuousClock.now
            let output = Spawn.call(argv, environment: environment, input: input)
            let wall = WatchBench.milliseconds(ContinuousClock.now - start)
            if output != expected { failures.append("floor: " + (output ?? "cannot spawn")) }
            return (wall, Cost.now() - before)
        }
        // The layer below the tool: AxonProcess's ChildProcess.run of the same file as ExecutableTool runs it
        // (own session, stdin bytes, stdout capped, stderr tail, timeout), without ToolBox and the checks.
        let spec = ProcessSpec(
            [script], directory: repo.root,
            environment: session.tools.environment.merging(["AXON_THREAD": thread]) { $1 }, standardInput: .bytes(input)
        )
        func timeProcess() async -> Double {
            let start = ContinuousClock.now
            let run = try? await ChildProcess.run(
                spec, stdoutCap: 64 * 1024, stderr: .tail(bytes: 4096), timeout: .seconds(10))
            let wall = WatchBench.milliseconds(ContinuousClock.now - start)
            if run?.output != expected { failures.append("ChildProcess.run: " + (run?.output ?? "cannot spawn")) }
            return wall
        }
        func timeThreaded(newSession: Bool) async -> Double {
            let start = ContinuousClock.now
            let output = await Spawn.threadedCall(argv, environment: environment, input: input, newSession: newSession)
            let wall = WatchBench.milliseconds(ContinuousClock.now - start)
            if output != expected { failures.append("threaded floor: " + (output ?? "cannot spawn")) }
            return wall
        }
        for i in 0..<(calls + warmups) {
            let a: (wall: Double, cost: Cost), f: (wall: Double, cost: Cost)
            if i % 2 == 0 {
                a = await timeAxon()
                f = timeFloor(argv)
            } else {
                f = timeFloor(argv)
                a = await timeAxon()
            }
            let r = referenceArgv.map { timeFloor($0) }
            let c = referenceArgv == nil ? nil : await timeProcess()
            let t = referenceArgv == nil ? nil : await timeThreaded(newSession: false)
            let n = referenceArgv == nil ? nil : await timeThreaded(newSession: true)
            guard i >= warmups else { continue }
            if let r { reference.append(r.wall) }
            if let c { process.append(c) }
            if let t { threaded.append(t) }
            if let n { setsid.append(n) }
            axon.append(a.wall)
            floor.append(f.wall)
            axonCost = axonCost + a.cost
            floorCost = floorCost + f.cost
        }
        await session.end(reason: "completed")
        let unsandboxed = repo.warnings.contains { $0.contains("executable tools are not sandboxed") }
        axon.sort()
        floor.sort()
        reference.sort()
        process.sort()
        threaded.sort()
        setsid.sort()
        let label =
            sandbox
            ? "sandboxed (" + (unsandboxed ? "NOT: bwrap unavailable, fell back" : "bwrap") + "), floor: bare bwrap"
            : "AXON_SANDBOX=none, floor: bare posix_spawn"
        HotLoadBench.emit("hot-load tool call, \(label); \(calls) pairs after \(warmups) warm-ups, order alternating:")
        HotLoadBench.emit("  axon session.tools.call " + HotLoadBench.summary(axon))
        HotLoadBench.emit("  floor                   " + HotLoadBench.summary(floor))
        if !reference.isEmpty { HotLoadBench.emit("  floor + sh -c wrapper   " + HotLoadBench.summary(reference)) }
        if !threaded.isEmpty { HotLoadBench.emit("  floor, threaded        " + HotLoadBench.summary(threaded)) }
        if !setsid.isEmpty { HotLoadBench.emit("  floor, threaded+setsid " + HotLoadBench.summary(setsid)) }
        if !process.isEmpty { HotLoadBench.emit("  ChildProcess.run        " + HotLoadBench.summary(process)) }
        HotLoadBench.emit(
            "  ratio axon / floor: p50 \(HotLoadBench.fmt(HotLoadBench.p(axon, 0.5) / HotLoadBench.p(floor, 0.5)))×  p99 "
                + "\(HotLoadBench.fmt(HotLoadBench.p(axon, 0.99) / HotLoadBench.p(floor, 0.99)))×; per call in the bench "
                + "process: axon \(axonCost.per(calls)), floor \(floorCost.per(calls))"
                + (failures.isEmpty ? "" : "; \(failures.count) FAILED: \(failures.prefix(3))"))
    }
}

/// The bench process's CPU (all threads) and context switches, from `getrusage(RUSAGE_SELF)`.
struct Cost {
    var cpu = 0.0
    var voluntary = 0
    var involuntary = 0

    static func now() -> Cost {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let cpu =
            Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000
        return Cost(cpu: cpu, voluntary: usage.ru_nvcsw, involuntary: usage.ru_nivcsw)
    }

    static func - (a: Cost, b: Cost) -> Cost {
        Cost(cpu: a.cpu - b.cpu, voluntary: a.voluntary - b.voluntary, involuntary: a.involuntary - b.involuntary)
    }

    static func + (a: Cost, b: Cost) -> Cost {
        Cost(cpu: a.cpu + b.cpu, voluntary: a.voluntary + b.voluntary, involuntary: a.involuntary + b.involuntary)
    }

    /// `CPU X ms, Y voluntary + Z involuntary context switches` per one of `n`.
    func per(_ n: Int) -> String {
        let d = Double(n)
        return "CPU \(HotLoadBench.fmt(cpu / d)) ms, \(HotLoadBench.fmt(Double(voluntary) / d)) voluntary + "
            + "\(HotLoadBench.fmt(Double(involuntary) / d)) involuntary context switches"
    }
}

/// The minimal spawn: `posix_spawn` with stdin and stdout piped (stderr inherited or /dev/null), no attributes.
enum Spawn {
    struct Child {
        var pid: pid_t
        /// Write end of its stdin (-1 when not piped).
        var stdin: Int32
        var stdout: Int32
    }

    /// - Parameter newSession: the child calls `setsid()` (`POSIX_SPAWN_SETSID`, as AxonProcess's children do).
    static func start(
        _ argv: [String], environment: [String], stdin piped: Bool, stderrToNull: Bool = false,
        newSession: Bool = false
    ) -> Child? {
        var input: [Int32] = [-1, -1], output: [Int32] = [-1, -1]
        guard pipe(&output) == 0 else { return nil }
        if piped, pipe(&input) != 0 { return nil }
        for fd in input + output where fd >= 0 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if piped {
            posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        if stderrToNull { posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) }
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup($0) } + [nil]
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if newSession { posix_spawnattr_setflags(&attributes, 0x80) }  // glibc's POSIX_SPAWN_SETSID
        var pid: pid_t = 0
        let spawned =
            newSession
            ? posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
            : posix_spawn(&pid, argv[0], &actions, nil, cArgs, cEnv)
        close(output[1])
        if piped { close(input[0]) }
        guard spawned == 0 else {
            close(output[0])
            if piped { close(input[1]) }
            return nil
        }
        return Child(pid: pid, stdin: input[1], stdout: output[0])
    }

    /// Reaps `pid`; its wait status.
    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return status
    }

    /// Spawns `argv`, writes `input` to its stdin and closes it, reads stdout to EOF, reaps it.
    static func call(_ argv: [String], environment: [String], input: [UInt8]) -> String? {
        guard let child = start(argv, environment: environment, stdin: true) else { return nil }
        feed(input, to: child.stdin)
        let output = drain(child.stdout)
        _ = wait(child.pid)
        return String(decoding: output, as: UTF8.self)
    }

    /// `call` with the thread structure of AxonProcess's `ChildProcess.run` (a reference, not the floor): stdin
    /// written on a thread of its own, stdout drained and the child reaped on another, the caller resumed
    /// through a continuation, a timeout task started and cancelled.
    static func threadedCall(_ argv: [String], environment: [String], input: [UInt8], newSession: Bool = false) async
        -> String?
    {
        guard let child = start(argv, environment: environment, stdin: true, newSession: newSession) else {
            return nil
        }
        let feeder = Thread { feed(input, to: child.stdin) }
        feeder.start()
        let timeout = Task { try? await Task.sleep(for: .seconds(10)) }
        let output = await withCheckedContinuation { (continuation: CheckedContinuation<[UInt8], Never>) in
            let reader = Thread {
                let output = drain(child.stdout)
                _ = wait(child.pid)
                continuation.resume(returning: output)
            }
            reader.start()
        }
        timeout.cancel()
        return String(decoding: output, as: UTF8.self)
    }

    /// Writes `input` to `fd`, then closes it.
    static func feed(_ input: [UInt8], to fd: Int32) {
        var offset = 0
        while offset < input.count {
            let n = input[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            offset += n
        }
        close(fd)
    }

    /// Reads `fd` to EOF, then closes it.
    static func drain(_ fd: Int32) -> [UInt8] {
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            output += buffer[0..<n]
        }
        close(fd)
        return output
    }
}
