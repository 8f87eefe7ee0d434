import ArgumentParser
import AxonConfig
import AxonCore
import AxonRuntime
import AxonThreads
import AxonTrace
import Foundation

extension Axon {
    /// `axon run -p PROMPT`: one request in a one-shot session; `axon run NAME [ARGS…]`: a script session.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one request in a one-shot session, or a script as one session.",
            usage: """
                axon run -p <text> [-a <agent>] [-t <thread>] [--json] [--repo <path>]
                           [--lease-timeout <duration>] [--model <key>]
                  axon run [-a <agent>] [--model <key>] <script> [<args>...]
                """,
            discussion: """
                With -p: one request; the session is traced to data/sessions/<session>.jsonl and ends with the \
                request. Text streams to stdout as the model writes it; tool activity goes to stderr.

                With NAME: runs src/scripts/NAME (or NAME.*; else .agents/scripts/) as one session of the agent, \
                cwd the repo root, ARGS passed verbatim. The script talks to its session with `axon request` \
                (AXON_SOCKET, AXON_SESSION and AXON_AGENT are set); axon exits with the script's exit code.

                Examples:
                  $ axon run review                   src/scripts/review.sh, one session
                  $ axon run -a scout learn tracing   a script with an argument, as scout
                  $ axon run -p "Summarise README.md"
                  $ axon run -a scout -t mapping -p "What changed in src/?"
                  $ echo "a long prompt" | axon run -p -
                  $ axon run -p "hi" --json | jq .cost_usd
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Option(name: .shortAndLong, help: ArgumentHelp("The prompt; `-` reads it from stdin.", valueName: "text"))
        var prompt: String?

        @Argument(
            parsing: .captureForPassthrough,
            help: ArgumentHelp("A script NAME, then its arguments (passed verbatim).", valueName: "name-and-args"))
        var script: [String] = []

        @Option(
            name: .shortAndLong,
            help: ArgumentHelp(
                "The agent (default: $AXON_AGENT, else `default`, else the fleet's first agent).",
                valueName: "name"))
        var agent: String?

        @Option(
            name: .shortAndLong,
            help: ArgumentHelp(
                "The thread to record the request in (default: the agent's `thread:`, else a thread of its own).",
                valueName: "name"))
        var thread: String?

        @Option(
            name: .long, parsing: .unconditional,
            help: ArgumentHelp(
                "How long to wait for a thread another request is writing: 500ms, 30s, 5m, or seconds.",
                valueName: "duration"))
        var leaseTimeout = "30s"

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Use this model from fleet.yaml's `models:` (default: $AXON_MODEL, else the agent's).",
                valueName: "key"))
        var model: String?

        func validate() throws {
            // Passthrough capture starts at the first token it cannot parse: an option there is not a script name.
            if let first = script.first, first.hasPrefix("-") {
                if first == "--help" || first == "-h" { throw CleanExit.helpRequest(self) }
                throw ValidationError("Unknown option '\(first)'")
            }
            guard (prompt == nil) != script.isEmpty else {
                throw ValidationError(
                    prompt == nil
                        ? "give a prompt with -p PROMPT, or a script NAME"
                        : "give either -p PROMPT or a script NAME, not both")
            }
            if !script.isEmpty, thread != nil || output.json {
                throw ValidationError("-t and --json belong to requests: pass them to 'axon request' inside the script")
            }
            if let thread, let problem = ThreadName.validate(thread) { throw ValidationError(problem.description) }
            _ = try DurationOption.parse(leaseTimeout, flag: "--lease-timeout")
        }

        mutating func run() async throws {
            let (workspace, config) = try global.load()
            let env = global.environment
            let agentName = try AgentSelection.resolve(flag: agent, environment: env, config: config)
            if let name = script.first {
                try await runScript(name, workspace: workspace, config: config, agent: agentName, env: env)
                return
            }
            let text = prompt == "-" ? await StandardInput.read() : (prompt ?? "")
            guard !text.isEmpty else { throw CLIFailure.usage("the prompt is empty") }

            let signals = Signals.watch()
            let session = try await Session.start(
                config: config, agent: agentName, shape: .oneshot, workspace: workspace,
                modelOverride: model ?? env["AXON_MODEL"], environment: env, hotLoad: .watch)
            Terminal.started(session)
            let streaming = !output.json
            let printer = StreamPrinter()
            let threadName = thread.map { ThreadName($0) }
            let timeout = try DurationOption.parse(leaseTimeout, flag: "--lease-timeout")
            let request = Task {
                try await session.request(text, thread: threadName, leaseTimeout: timeout) { event in
                    if streaming { printer.show(event) }
                }
            }
            let received = FirstSignal()
            let watcher = Task {
                for await signal in signals {
                    received.set(signal)
                    request.cancel()
                }
            }
            defer { watcher.cancel() }
            let result: RequestResult
            do {
                result = try await request.value
            } catch {
                await session.end(reason: received.value != nil ? "signal" : "failed")
                if let signal = received.value {
                    printer.finish()
                    throw CLIFailure.silent(Signals.exitCode(signal))
                }
                throw error
            }
            if let signal = received.value {
                await session.end(reason: "signal")
                if output.json { Terminal.json(result.json) } else { printer.finish() }
                Terminal.note("axon: interrupted; the request ended \(result.status.rawValue)")
                throw CLIFailure.silent(Signals.exitCode(signal))
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

        func runScript(
            _ name: String, workspace: Workspace, config: FleetConfig, agent: AgentName, env: [String: String]
        ) async throws {
            let found = try Script.find(name, in: workspace)
            var env = env
            // Scripts call `"${AXON:-axon}" request`: point them at this very binary.
            if env["AXON"] == nil, let me = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
            {
                env["AXON"] = me
            }
            let signals = Signals.watch()
            let outcome = try await ScriptSession.run(
                found, arguments: Array(script.dropFirst()), config: config, agent: agent, workspace: workspace,
                modelOverride: model ?? env["AXON_MODEL"], environment: env, signals: signals
            ) { session in
                Terminal.started(session)
            }
            if let signal = outcome.signal { throw CLIFailure.silent(Signals.exitCode(signal)) }
            if outcome.exitCode != 0 { throw CLIFailure.silent(outcome.exitCode) }
        }
    }
}
