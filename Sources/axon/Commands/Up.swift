import ArgumentParser
import AxonConfig
import AxonControl
import AxonCore
import AxonFleet
import AxonProcess
import AxonRuntime
import AxonTrace
import AxonWatch
import Foundation

extension Axon {
    /// `axon up`: the fleet of fleet.yaml under a supervisor, in the foreground (or, with -d, in the background).
    struct Up: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every agent of fleet.yaml under a supervisor (in the foreground, or -d in the background).",
            discussion: """
                Starts each agent × replicas as its own process (`scout.1`, `scout.2`, …) in its own process group, \
                restarts it by its `restart:` policy, re-runs prompt and script agents by `every:`, and prints one \
                line per state change. Agent output (a prompt agent's answers too) goes to .axon/logs/AGENT.N.log, \
                rotated by size (`logs:` in fleet.yaml). SIGTERM or Ctrl-C stops every \
                agent (SIGTERM, then SIGKILL after --stop-timeout) and exits 0 once all are gone; a second Ctrl-C \
                forces. One supervisor per repo: a second `axon up` fails naming the first one's pid. With -d the \
                supervisor runs in the background (a session of its own; its output goes to \
                .axon/logs/supervisor.log) and `axon up -d` returns once every agent has been started, printing \
                the supervisor's pid. See docs/fleet.md.

                Examples:
                  $ axon up                     the fleet, until Ctrl-C
                  $ axon up -d                  the fleet in the background
                  $ axon ps                     its instances
                  $ axon request -a scout "hi"  a request to agent scout
                  $ axon logs -f scout          follow scout's logs
                  $ axon down                   stop it
                """)

        @OptionGroup var global: GlobalOptions

        @Option(
            name: .long, parsing: .unconditional,
            help: ArgumentHelp(
                "How long agents get to end after SIGTERM before SIGKILL: 500ms, 5s, or seconds.",
                valueName: "duration"))
        var stopTimeout = "5s"

        @Flag(
            name: [.customShort("d"), .long], help: "Run the supervisor in the background; return once the fleet is up."
        )
        var detach = false

        func validate() throws {
            _ = try DurationOption.parse(stopTimeout, flag: "--stop-timeout")
        }

        mutating func run() async throws {
            let workspace = try global.workspace()
            guard FileManager.default.fileExists(atPath: workspace.fleetFile) else {
                throw CLIFailure.usage(
                    "no fleet.yaml in \(workspace.root): `axon up` runs the agents fleet.yaml defines (docs/fleet.md)")
            }
            let check = FleetCheck.run(workspace: workspace)
            guard let config = check.config else {
                Terminal.diagnostics(check.diagnostics)
                throw CLIFailure.silent(2)
            }
            Terminal.warnings(check.warnings)
            let env = global.environment
            let plan = FleetPlan(config: config)
            guard !plan.instances.isEmpty else {
                throw CLIFailure.usage("fleet.yaml runs no agent: every agent has replicas: 0")
            }
            let problems = FleetPreflight.problems(plan, config: config, workspace: workspace, environment: env)
            guard problems.isEmpty else {
                throw CLIFailure.usage(problems.joined(separator: "\naxon: error: "))
            }
            if detach {
                try await Self.detached(
                    workspace: workspace, environment: env, stopTimeout: stopTimeout, logs: config.logs)
                return
            }
            let lock: FleetLock
            do {
                lock = try FleetLock.acquire(stateDirectory: workspace.stateDirectory)
            } catch {
                if case .alreadyRunning = error { throw CLIFailure.usage(error.description) }
                throw CLIFailure.runtime(error.description)
            }
            defer { lock.release() }
            let subreaper = ProcessLifetime.becomeSubreaper()
            if !subreaper {
                Terminal.warning("cannot become a child subreaper; processes that escape an agent are not reaped")
            }
            let record = ProcessRecord(stateDirectory: workspace.stateDirectory)
            await Self.killLeftovers(record)
            let timeout = try DurationOption.parse(stopTimeout, flag: "--stop-timeout")
            let launcher = try AgentLauncher(workspace: workspace, environment: env)
            let signals = Signals.watch()
            let screen = LiveTable(environment: env)
            let supervisor = Supervisor(
                clock: ContinuousClock(), options: .init(stopTimeout: timeout),
                reaper: OrphanReaper(active: subreaper, record: record),
                command: { launcher.spec($0) }
            ) { event in
                screen.event(event.description)
            }
            let control = try Self.controlServer(workspace)
            let serving = Task { await SupervisorControl.serve(supervisor, server: control) }
            defer {
                control.close()
                serving.cancel()
            }
            // One watcher for the whole fleet, broadcast to every agent; without it each agent watches alone.
            let broadcast: FleetBroadcast?
            do throws(WatchError) {
                broadcast = try await FleetBroadcast.start(root: workspace.root, extra: config.watch.extra) { event in
                    screen.event(event.description)
                }
            } catch {
                broadcast = nil
                Terminal.warning("no fleet watcher (\(error)); each agent watches the repo on its own")
            }
            if let broadcast { await supervisor.attach(broadcast) }
            let count = plan.instances.count
            screen.event("fleet: starting \(count) agent\(count == 1 ? "" : "s") (supervisor pid \(getpid()))")
            let stopper = Task {
                var received = 0
                for await _ in signals {
                    received += 1
                    // The first signal stops in order; a second one forces (SIGKILL to every group left).
                    if received == 1 { Task { await supervisor.stop() } } else { await supervisor.force() }
                }
            }
            await supervisor.start(plan, spent: Self.spentSoFar(plan, workspace))
            let following = Self.followFleetFile(
                workspace: workspace, environment: env, supervisor: supervisor, watcher: broadcast?.watcher,
                say: { screen.event($0) })
            // On a terminal, the status table under the events, redrawn every second (`axon ps`'s view).
            let refresher = Task {
                while screen.live && !Task.isCancelled {
                    let status = await supervisor.status()
                    if Task.isCancelled { break }
                    screen.show(Ps.render(status))
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            let outcome = await supervisor.finished()
            following?.cancel()
            await following?.value
            refresher.cancel()
            await refresher.value
            screen.clear()
            stopper.cancel()
            await broadcast?.stop()
            if case .idle(let failed) = outcome, !failed.isEmpty {
                throw CLIFailure.runtime(
                    "\(failed.joined(separator: ", ")) ended fatal, could not start or are over budget")
            }
        }

        /// USD by agent in the traces so far, what `budget:` counts from; read only when a budget is set (every
        /// trace is read). A damaged trace is said and counts what could be read, as in `axon usage`.
        static func spentSoFar(_ plan: FleetPlan, _ workspace: Workspace) async -> [String: Double] {
            guard plan.budget != nil || plan.instances.contains(where: { $0.spec.budget != nil }) else { return [:] }
            let scan = await BlockingWork.run(name: "axon-budget") {
                Result { () throws(TraceError) in
                    try UsageReport.build(directory: workspace.sessionsDirectory, by: .agent)
                }
            }
            switch scan {
            case .success(let scan):
                for problem in scan.problems { Terminal.warning(workspace.relative(problem)) }
                return Dictionary(scan.rows.map { ($0.key, $0.costUSD) }, uniquingKeysWith: +)
            case .failure(let error):
                Terminal.warning("budgets count from zero: the traces cannot be read (\(error))")
                return [:]
            }
        }

        /// Ends what a SIGKILLed supervisor left running, as its record names it. This process holds the fleet
        /// lock, so that supervisor is gone; a recorded pid whose process started at another time is someone
        /// else's and is not touched.
        static func killLeftovers(_ record: ProcessRecord) async {
            let killed = await BlockingWork.run(name: "axon-leftovers") { record.killLeftovers() }
            guard !killed.isEmpty else { return }
            let pids = killed.map(String.init).joined(separator: ", ")
            Terminal.out(
                "fleet: killed \(killed.count) process\(killed.count == 1 ? "" : "es") a killed supervisor left "
                    + "running (pid \(pids))\n")
        }

        /// The supervisor's control socket. This process holds the fleet lock, so no other supervisor is alive:
        /// a socket file already there was left by one that was killed, and is removed unasked.
        static func controlServer(_ workspace: Workspace) throws -> ControlServer {
            let path = ControlSocketPath.supervisor(repoRoot: workspace.root)
            if unlink(path) == 0 { Terminal.out("fleet: removed the stale control socket of a killed supervisor\n") }
            do {
                return try ControlServer(path: path)
            } catch {
                throw CLIFailure.runtime(error.description)
            }
        }
    }
}

/// How `axon up` starts one instance: this very binary as `axon agent NAME --replica N`, cwd the repo root, in a
/// session (and process group) of its own, stdout and stderr appended to `.axon/logs/NAME.N.log`.
struct AgentLauncher: Sendable {
    let binary: String
    let workspace: Workspace
    let environment: [String: String]
    let logs: String

    init(workspace: Workspace, environment: [String: String]) throws {
        binary =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        self.workspace = workspace
        logs = workspace.stateDirectory + "/logs"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        // A supervisor started inside a script session must not hand its agents that session.
        var env = environment.filter { !["AXON_SOCKET", "AXON_SESSION", "AXON_AGENT", "AXON_THREAD"].contains($0.key) }
        env["AXON"] = binary
        env["AXON_SUPERVISOR_PID"] = String(getpid())
        self.environment = env
    }

    func spec(_ instance: FleetInstance) -> ProcessSpec {
        var env = environment.merging(instance.spec.env) { _, agent in agent }
        env["AXON_INSTANCE"] = instance.id
        return ProcessSpec(
            [
                binary, "agent", instance.agent.rawValue, "--replica", String(instance.replica), "--repo",
                workspace.root,
            ],
            directory: workspace.root, environment: env, standardInput: .null, group: .newSession,
            output: .appendingTo(logs + "/" + instance.id + ".log"))
    }
}
