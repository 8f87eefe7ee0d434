import Foundation

/// The `axon` binary running in the background (`axon up`): its output read while it runs, signalled, waited
/// for. Output goes to files, so a test can read what was printed so far without a pipe filling up.
public final class BackgroundCLI: @unchecked Sendable {
    // Process is not Sendable; this object only reads its pid and state, from any task.
    private let process = Process()
    private let files: TemporaryWorkspace

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }

    /// Starts `axon ARGS` in `cwd`, with the environment of `AxonCLIRunner.run` (API keys and `AXON_*` removed,
    /// then `environment` merged in) and stdin from /dev/null.
    public init(
        _ cli: AxonCLIRunner, _ arguments: [String], cwd: String, environment: [String: String] = [:]
    ) throws {
        files = try TemporaryWorkspace(prefix: "axon-bg")
        process.executableURL = URL(fileURLWithPath: cli.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
        process.environment = AxonCLIRunner.childEnvironment(environment)
        for name in ["stdout", "stderr"] {
            _ = FileManager.default.createFile(atPath: files.path + "/" + name, contents: nil)
        }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: files.path + "/stdout"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: files.path + "/stderr"))
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        files.remove()
    }

    /// What it printed so far.
    public var stdout: String { (try? files.read("stdout")) ?? "" }
    public var stderr: String { (try? files.read("stderr")) ?? "" }
    public var lines: [String] { stdout.split(separator: "\n").map(String.init) }

    /// Waits until a line of stdout satisfies `match` (or `timeout` passes); returns that line.
    @discardableResult
    public func line(timeout: Duration = .seconds(30), where match: (String) -> Bool) async -> String? {
        let limit = ContinuousClock.now + timeout
        while ContinuousClock.now < limit {
            if let found = lines.first(where: match) { return found }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return lines.first(where: match)
    }

    /// Waits for a line containing `text`.
    @discardableResult
    public func line(containing text: String, timeout: Duration = .seconds(30)) async -> String? {
        await line(timeout: timeout) { $0.contains(text) }
    }

    public func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for it to exit (polling, so no thread blocks); its exit status, or nil if it still runs at `timeout`.
    public func exit(within timeout: Duration = .seconds(30)) async -> Int32? {
        let limit = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > limit { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }
}

/// Processes as /proc shows them: for counting what a fleet left behind.
public enum ProcessTable {
    /// `pgrp` and `session` (fields 5 and 6 of /proc/PID/stat), nil when there is no such process.
    public static func group(of pid: Int32) -> (pgid: Int32, sid: Int32)? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 3, let pgid = Int32(fields[2]), let sid = Int32(fields[3]) else { return nil }
        return (pgid, sid)
    }

    /// Whether any process (zombies aside) is in process group `pgid`.
    public static func groupIsEmpty(_ pgid: Int32) -> Bool {
        pids().allSatisfy { pid in group(of: pid)?.pgid != pgid || isZombie(pid) }
    }

    /// Live processes whose environment holds `NAME=value` (a marker a test put in the environment it started).
    public static func processes(withEnvironment name: String, value: String) -> [Int32] {
        let needle = Array("\(name)=\(value)".utf8)
        return pids().filter { pid in
            guard !isZombie(pid), let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else {
                return false
            }
            return data.split(separator: 0).contains { Array($0) == needle }
        }
    }

    static func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        let state = stat[stat.index(after: close)...].dropFirst().first
        return state == "Z" || state == "X"
    }

    static func pids() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
    }
}
