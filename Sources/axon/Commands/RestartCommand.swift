import ArgumentParser
import AxonControl
import AxonCore
import AxonFleet

extension Axon {
    /// `axon restart AGENT[.N]`: start instances of the running fleet afresh.
    struct RestartCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restart",
            abstract: "Restart instances of the running fleet (clears fatal).",
            discussion: """
                A running instance gets SIGTERM on its process group (SIGKILL after the stop timeout) and is \
                started again as soon as it has exited; one in backoff, waiting for its next `every:` run, \
                stopped, completed, fatal or exec-failed starts now. Its restart budget and backoff start over, \
                so this is how a sticky `fatal` or `exec-failed` is cleared (after fixing the cause). Returns \
                once each is started again. Exit 2 for an unknown agent or replica, 3 when no fleet is running.

                Examples:
                  $ axon restart scout          every replica of scout
                  $ axon restart scout.2        only replica 2
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("AGENT (every replica) or AGENT.N (one instance).", valueName: "agent[.n]"))
        var targets: [String]

        func validate() throws {
            guard !targets.isEmpty else {
                throw ValidationError("name an agent or an instance: axon restart AGENT[.N]")
            }
        }

        mutating func run() async throws {
            let workspace = try global.workspace()
            for target in targets {
                // It waits for running instances to exit: up to the stop timeout, and their new spawn.
                let fields = try await SupervisorClient.ask(
                    workspace, .restart(id: "restart", target: target), timeout: .seconds(120))
                let ids = fields["restarted"]?.arrayValue?.compactMap(\.stringValue) ?? []
                Terminal.out("restarted \(ids.joined(separator: ", "))\n")
            }
        }
    }
}
