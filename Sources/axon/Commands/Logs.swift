import ArgumentParser
import AxonConfig
import AxonCore
import AxonFleet
import AxonRuntime
import Foundation

extension Axon {
    /// `axon logs`: the fleet's per-instance logs, `.axon/logs/NAME.N.log`.
    struct Logs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the fleet's agent logs (.axon/logs/AGENT.N.log); -f follows them.",
            discussion: """
                Each instance's stdout and stderr, as its processes wrote them, oldest first: the rotated files \
                (AGENT.N.log.3 … .1, as many as fleet.yaml's `logs: {keep}`; see docs/fleet.md) then the current \
                one. With several instances each line starts with its instance (`scout.1 | …`), one instance after \
                the other. -f keeps printing what is appended, across rotations, until Ctrl-C. Works whether or \
                not the fleet is running.

                Examples:
                  $ axon logs                   every instance
                  $ axon logs scout -n 20       the last 20 lines of each replica of scout
                  $ axon logs -f scout.2        follow replica 2
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(
            help: ArgumentHelp("AGENT (every replica) or AGENT.N; all instances when left out.", valueName: "agent[.n]")
        )
        var target: String?

        @Flag(name: .shortAndLong, help: "Keep printing what is appended, until Ctrl-C.")
        var follow = false

        @Option(
            name: [.customShort("n"), .long],
            help: ArgumentHelp("Only the last LINES lines of each.", valueName: "lines"))
        var lines: Int?

        func validate() throws {
            if let lines, lines < 0 { throw ValidationError("-n takes a number of lines, 0 or more") }
        }

        mutating func run() async throws {
            let workspace = try global.workspace()
            let directory = workspace.stateDirectory + "/logs"
            let config =
                FileManager.default.fileExists(atPath: workspace.fleetFile) ? (try? workspace.loadFleet()) : nil
            let known = Self.instances(config: config, directory: directory)
            let ids: [String]
            if let target {
                do {
                    ids = try FleetTarget.resolve(target, in: known)
                } catch {
                    throw CLIFailure.usage(error.description)
                }
            } else {
                ids = known.filter { FileManager.default.fileExists(atPath: directory + "/" + $0 + ".log") }
            }
            guard !ids.isEmpty else {
                throw CLIFailure.runtime(
                    "no agent logs in \(workspace.relative(directory)) yet: they appear when `axon up` starts the agents"
                )
            }
            let label = LineLabel(ids: ids)
            let followers = ids.map { LogFollower(path: directory + "/" + $0 + ".log") }
            let rotation = LogRotation(config?.logs ?? LogsConfig())
            for (id, follower) in zip(ids, followers) {
                var history = follower.history(rotated: rotation.rotated(follower.path))
                if let lines { history = Array(history.suffix(lines)) }
                label.print(history, of: id)
            }
            guard follow else { return }
            // Polling (a few stat calls a tick) follows renames and truncations alike, which inotify on the file
            // would not; on a thread of its own, as it never ends (Ctrl-C does).
            let pairs = Array(zip(ids, followers))
            await BlockingWork.run(name: "axon-logs") {
                while true {
                    for (id, follower) in pairs { label.print(follower.poll(), of: id) }
                    usleep(200_000)
                }
            }
        }

        /// `scout.1 | ` before each line when several instances are shown, aligned.
        struct LineLabel: Sendable {
            let prefixed: Bool
            let width: Int

            init(ids: [String]) {
                prefixed = ids.count > 1
                width = ids.map(\.count).max() ?? 0
            }

            func print(_ lines: [String], of id: String) {
                guard !lines.isEmpty else { return }
                let prefix = prefixed ? id.padding(toLength: width, withPad: " ", startingAt: 0) + " | " : ""
                var text = lines.map { prefix + $0 + "\n" }.joined()
                let failed = text.withUTF8 { POSIX.writeAll(STDOUT_FILENO, UnsafeRawBufferPointer($0)) }
                // `axon logs -f | head`: once the reader is gone, following has no one to follow for.
                if failed == EPIPE { Foundation.exit(0) }
            }
        }

        /// The instances the repo's logs may belong to: fleet.yaml's (agent × replicas), then any other
        /// `NAME.N.log` in the log directory (an agent since removed), in that order.
        static func instances(config: FleetConfig?, directory: String) -> [String] {
            var ids = config.map { FleetPlan(config: $0).instances.map(\.id) } ?? []
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in files.sorted() where file.hasSuffix(".log") {
                let id = String(file.dropLast(4))
                if FleetTarget.agent(of: id) != id, !ids.contains(id) { ids.append(id) }
            }
            return ids
        }
    }
}
