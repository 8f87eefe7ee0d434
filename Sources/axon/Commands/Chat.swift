import ArgumentParser
import AxonRuntime
import AxonTrace

extension Axon {
    /// `axon` (or `axon chat`): the interactive session.
    struct Chat: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Talk to an agent in an interactive session (what `axon` alone runs).",
            discussion: """
                On a terminal: a prompt with line editing and history, streamed answers, and /thread NAME, \
                /tools, /knowledge, /usage, /help, /quit. Ctrl-C cancels the running turn (not the session); \
                Ctrl-D quits. When stdin is not a terminal, each line is a prompt, answered in turn. NO_COLOR \
                turns colour off.

                Examples:
                  $ axon
                  $ axon chat -a scout
                  $ printf 'hello\\n/usage\\n' | axon
                """)

        @OptionGroup var global: GlobalOptions

        @Option(
            name: .shortAndLong,
            help: ArgumentHelp(
                "The agent to talk to (default: $AXON_AGENT, else the default agent).", valueName: "name"))
        var agent: String?

        @Option(name: .long, help: ArgumentHelp("Use this model from fleet.yaml's `models:`.", valueName: "key"))
        var model: String?

        mutating func run() async throws {
            let (workspace, config) = try global.load()
            let env = global.environment
            let agentName = try AgentSelection.resolve(flag: agent, environment: env, config: config)
            let signals = Signals.watch()
            let session = try await Session.start(
                config: config, agent: agentName, shape: .interactive, workspace: workspace,
                modelOverride: model ?? env["AXON_MODEL"], environment: env, hotLoad: .watch)
            Terminal.started(session)
            let code = await InteractiveSession(session: session, environment: env).run(signals: signals)
            if code != 0 { throw CLIFailure.silent(code) }
        }
    }
}
