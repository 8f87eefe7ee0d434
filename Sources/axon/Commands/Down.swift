import ArgumentParser
import AxonControl
import AxonCore
import AxonFleet
import AxonRuntime
import Foundation

extension Axon {
    /// `axon down`: stop the running fleet, as SIGTERM to its supervisor does, and wait until it has exited.
    struct Down: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop the running fleet and wait until its supervisor has exited.",
            discussion: """
                Asks the supervisor on its control socket to stop, as SIGTERM (Ctrl-C) does: pending restarts are \
                cancelled, every agent's process group gets SIGTERM, groups still alive after the stop timeout \
                (--timeout, else `axon up --stop-timeout`, 5 s) get SIGKILL. Returns once every group is empty \
                and the supervisor has exited. No fleet running is not an error: it says so and exits 0.

                Examples:
                  $ axon down
                  $ axon down --timeout 30s      give agents 30 s to finish what they run
                """)

        @OptionGroup var global: GlobalOptions

        @Option(
            name: .long, parsing: .unconditional,
            help: ArgumentHelp(
                "How long agents get to end after SIGTERM before SIGKILL: 500ms, 5s, or seconds.",
                valueName: "duration"))
        var timeout: String?

        func validate() throws {
            if let timeout { _ = try DurationOption.parse(timeout, flag: "--timeout") }
        }

        mutating func run() async throws {
            let workspace = try global.workspace()
            let grace = try timeout.map { try DurationOption.parse($0, flag: "--timeout") }
            guard FleetLock.holder(stateDirectory: workspace.stateDirectory) != nil else {
                Terminal.write("axon: no fleet is running in \(workspace.root); nothing to stop\n", to: STDERR_FILENO)
                return
            }
            let ms = grace.map { Int($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000) }
            let fields: [String: JSONValue]
            do {
                fields = try await SupervisorClient.ask(workspace, .down(id: "down", timeoutMilliseconds: ms))
            } catch let failure as CLIFailure where failure.code == SupervisorClient.notRunning {
                // It ended between the check and the request.
                Terminal.write("axon: no fleet is running in \(workspace.root); nothing to stop\n", to: STDERR_FILENO)
                return
            }
            let status =
                FleetStatus(fields: fields) ?? FleetStatus(phase: "stopping", pid: 0, uptime: .zero, instances: [])
            let live = status.instances.filter { $0.pid != nil }.count
            Terminal.out("fleet: stopping \(live) agent\(live == 1 ? "" : "s") (supervisor pid \(status.pid))\n")
            // The supervisor lets the lock go as it exits, after every group is empty. Its stop takes the grace
            // period at most, then the SIGKILLed groups' exits.
            let deadline = ContinuousClock.now + (grace ?? status.stopTimeout ?? .seconds(5)) + .seconds(30)
            while FleetLock.holder(stateDirectory: workspace.stateDirectory) != nil {
                guard ContinuousClock.now < deadline else {
                    throw CLIFailure.runtime("the supervisor (pid \(status.pid)) is still running; see axon ps")
                }
                try? await Task.sleep(for: .milliseconds(25))
            }
            Terminal.out("fleet: stopped\n")
        }
    }
}
