import ArgumentParser
import AxonConfig
import AxonCore
import AxonFleet
import AxonRuntime
import Foundation

extension Axon {
    /// `axon agent NAME --replica N` (internal, hidden from --help): one supervised agent process, started by
    /// `axon up`; see docs/fleet.md.
    struct AgentCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "agent",
            abstract: "Internal: one supervised agent of a fleet (started by `axon up`).",
            shouldDisplay: false)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("The agent of fleet.yaml.", valueName: "name"))
        var name: String

        @Option(name: .long, help: ArgumentHelp("The replica number, from 1.", valueName: "n"))
        var replica = 1

        func validate() throws {
            guard replica >= 1 else { throw ValidationError("--replica starts at 1") }
        }

        mutating func run() async throws {
            // Signals first: the parent-death signal armed next must find SIGTERM handled, not fatal.
            let signals = Signals.watch()
            var env = global.environment
            // The channel is this process's alone: its scripts and tools do not see it.
            let channel = env.removeValue(forKey: "AXON_CHANNEL_FD").flatMap(Int32.init)
            let generation = env.removeValue(forKey: "AXON_GENERATION").flatMap(Int.init) ?? 0
            if let parent = env["AXON_SUPERVISOR_PID"].flatMap(Int32.init), !ProcessLifetime.dieWithParent(parent) {
                throw CLIFailure.runtime("the supervisor (pid \(parent)) is gone; not starting")
            }
            let (workspace, config) = try global.load()
            let agent = AgentName(name)
            guard config.agents[agent] != nil else {
                throw RuntimeError.unknownAgent(agent, known: config.agentOrder)
            }
            // A prompt agent's request, shown in its log as `axon run -p` shows it on a terminal.
            let printer = StreamPrinter()
            let answer = AgentProcess.Answer(show: { printer.show($0) }, finish: { printer.finish() })
            let code = try await AgentProcess.run(
                .init(
                    config: config, agent: agent, replica: replica, workspace: workspace, environment: env,
                    signals: signals, channel: channel, generation: generation, answer: answer,
                    note: { Terminal.note($0) }))
            if code != 0 { throw CLIFailure.silent(code) }
        }
    }
}
