import AxonConfig
import AxonControl
import AxonCore
import AxonFleet
import AxonProcess
import AxonRuntime
import Foundation
import Synchronization

extension Axon.Up {
    /// `axon up -d`: this same binary, re-executed as `axon up` in a session of its own (`setsid` through
    /// posix_spawn; never `fork()` of this threaded process), stdin /dev/null, stdout and stderr appended to
    /// `.axon/logs/supervisor.log`. Returns once that supervisor answers on its control socket with every instance
    /// launched; fails with the end of its log when it exits first. Its log is rotated by fleet.yaml's `logs:`.
    static func detached(
        workspace: Workspace, environment: [String: String], stopTimeout: String, logs rotation: LogsConfig
    ) async throws {
        if let holder = FleetLock.holder(stateDirectory: workspace.stateDirectory) {
            let lock = workspace.stateDirectory + "/fleet.lock"
            throw CLIFailure.usage(FleetError.alreadyRunning(pid: holder > 0 ? holder : nil, lock: lock).description)
        }
        let logs = workspace.stateDirectory + "/logs"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let log = logs + "/supervisor.log"
        LogRotation(rotation).beforeSpawn(log)
        let binary =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let spec = ProcessSpec(
            [binary, "up", "--repo", workspace.root, "--stop-timeout", stopTimeout], directory: workspace.root,
            environment: environment, standardInput: .null, group: .newSession, output: .appendingTo(log))
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(spec)
        } catch {
            throw CLIFailure.runtime(error.description)
        }
        let ended = Mutex<Termination?>(nil)
        Task {
            let termination = await child.wait()
            ended.withLock { $0 = termination }
        }
        let socket = ControlSocketPath.supervisor(repoRoot: workspace.root)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let termination = ended.withLock({ $0 }) {
                // Only one-shot runs that all completed at once: the fleet ran to its end before it was seen up.
                if termination == .exited(0) {
                    Terminal.out(
                        "fleet: the background supervisor (pid \(child.pid)) already ran every agent to its end; "
                            + "see \(workspace.relative(log))\n")
                    return
                }
                throw CLIFailure.runtime(
                    "the background supervisor exited (\(termination.code)) before the fleet was up; the end of "
                        + "\(workspace.relative(log)):\n" + tail(of: log, lines: 15))
            }
            let reply = await SupervisorControl.ask(socket, .status(id: "up"), timeout: .seconds(2))
            if let status = reply?.fields.flatMap(FleetStatus.init(fields:)), status.pid == child.pid,
                status.phase != "starting"
            {
                let count = status.instances.count
                Terminal.out(
                    "fleet: \(count) agent\(count == 1 ? "" : "s") started in the background (supervisor pid "
                        + "\(child.pid)); `axon ps` shows them, `axon logs` their output, `axon down` stops them\n")
                return
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        throw CLIFailure.runtime(
            "the background supervisor (pid \(child.pid)) did not answer on \(socket) within 60 s; see "
                + workspace.relative(log))
    }

    /// The last `lines` lines of the file at `path` (empty when it cannot be read).
    static func tail(of path: String, lines: Int) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines + 1).joined(separator: "\n")
    }
}
