import ArgumentParser
import AxonCore
import AxonRuntime
import AxonThreads
import AxonTrace

extension Axon {
    /// `axon run -p PROMPT`: one request in a one-shot session.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one request in a one-shot session and stream the answer.",
            discussion: """
                The session is traced to data/sessions/<session>.jsonl and ends with the request. Text streams \
                to stdout as the model writes it; tool activity goes to stderr.

                Examples:
                  $ axon run -p "Summarise README.md"
                  $ axon run -a scout -t mapping -p "What changed in src/?"
                  $ echo "a long prompt" | axon run -p -
                  $ axon run -p "hi" --json | jq .cost_usd
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Option(name: .shortAndLong, help: ArgumentHelp("The prompt; `-` reads it from stdin.", valueName: "text"))
        var prompt: String

        @Option(
            name: .shortAndLong,
            help: ArgumentHelp(
                "The agent (default: $AXON_AGENT, else `default`, else the fleet's first agent).",
                valueName: "name"))
        var agent: String?

        @Option(
            name: .shortAndLong,
            help: ArgumentHelp("The thread to record the request in (default: a thread of its own).", valueName: "name")
        )
        var thread: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "How long to wait for a thread another request is writing (seconds).", valueName: "seconds"))
        var leaseTimeout: Double = 30

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Use this model from fleet.yaml's `models:` (default: $AXON_MODEL, else the agent's).",
                valueName: "key"))
        var model: String?

        func validate() throws {
            if let thread, let problem = ThreadName.validate(thread) { throw ValidationError(problem.description) }
            guard leaseTimeout >= 0 else { throw ValidationError("--lease-timeout must be 0 or more seconds") }
        }

        mutating func run() async throws {
            let (workspace, config) = try global.load()
            let env = global.environment
            let agentName = try AgentSelection.resolve(flag: agent, environment: env, config: config)
            let text = prompt == "-" ? StandardInput.readAll() : prompt
            guard !text.isEmpty else { throw CLIFailure.usage("the prompt is empty") }

            let session = try await Session.start(
                config: config, agent: agentName, shape: .oneshot, workspace: workspace,
                modelOverride: model ?? env["AXON_MODEL"], environment: env)
            if let banner = session.model.banner { Terminal.note(banner) }
            let streaming = !output.json
            let printer = StreamPrinter()
            let result: RequestResult
            do {
                result = try await session.request(
                    text, thread: thread.map { ThreadName($0) },
                    leaseTimeout: .milliseconds(Int64(leaseTimeout * 1000))
                ) { event in
                    if streaming { printer.show(event) }
                }
            } catch {
                await session.end(reason: "failed")
                throw error
            }
            await session.end(reason: "completed")
            if output.json {
                Terminal.json(result.json)
            } else {
                printer.finish()
            }
            if result.status != .ok {
                throw CLIFailure.runtime("request \(result.status.rawValue): \(result.error ?? "unknown")")
            }
        }
    }
}
