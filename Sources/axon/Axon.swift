import ArgumentParser
import AxonConfig
import AxonCore
import AxonRuntime
import AxonThreads
import AxonTrace
import Foundation

@main
struct Axon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "axon",
        abstract: "Run LLM agents on a repository: every session traced, what they learn kept.",
        discussion: """
            axon reads fleet.yaml at the repo root (or works with one default agent without it). Every \
            session is written to data/sessions/ as a JSONL trace.

            Examples:
              $ axon                                talk to the default agent
              $ axon run review                     run src/scripts/review.sh
              $ axon run -p "What is in this repo?" one request, streamed
              $ axon run -a scout -p "Map src/"     the same, as agent scout
              $ axon run -p "hi" --json             machine-readable result
              $ axon run -t design -p "And then?"   continue the thread `design`
              $ axon validate                       check fleet.yaml (file:line:col)
              $ axon sessions                       list traced sessions
              $ axon trace                          the newest session's timeline
              $ axon usage --by model               tokens and USD
              $ axon threads                        named threads and their size
              $ axon tools                          the tools an agent is offered
              $ axon watch                          what the watcher sees, live
              $ axon up                             run the fleet until Ctrl-C
              $ axon up -d                          run it in the background
              $ axon ps                             its instances
              $ axon logs -f scout                  follow an agent's log
              $ axon restart scout                  restart an agent (clears fatal)
              $ axon down                           stop the fleet

            Exit codes: 0 ok, 1 request or runtime failure, 2 usage or configuration error.
            Without ANTHROPIC_API_KEY or OPENAI_API_KEY, agents without a model use the offline replay \
            model.
            """,
        version: AxonVersion.current,
        subcommands: [
            Chat.self, Run.self, Request.self, Validate.self, Sessions.self, TraceCommand.self, UsageCommand.self,
            Threads.self, ThreadCommand.self, Watch.self, ToolsCommand.self, Up.self, Ps.self,
            Logs.self, RestartCommand.self, Down.self, Serve.self, AgentCommand.self,
        ],
        defaultSubcommand: Chat.self
    )

    /// Parses, runs, and maps errors to the documented exit codes (argument-parser's 64 becomes 2).
    static func main() async {
        signal(SIGPIPE, SIG_IGN)
        do {
            try CommandWord.check(Array(CommandLine.arguments.dropFirst()))
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(code: report(error))
        }
    }

    /// Prints `error` the way its kind deserves and returns the process exit code.
    static func report(_ error: any Error) -> Int32 {
        switch error {
        case let failure as CLIFailure:
            if !failure.message.isEmpty { Terminal.error(failure.message) }
            return failure.code
        case RuntimeError.config(let error), let error as ConfigError:
            if case .invalid(let diagnostics) = error {
                Terminal.diagnostics(diagnostics)
            } else {
                Terminal.error(error.description)
            }
            return 2
        case let error as TraceError:
            Terminal.error(error.description)
            switch error {
            case .ambiguous, .notFound: return 2
            default: return 1
            }
        case let error as ThreadsError:
            Terminal.error(error.description)
            switch error {
            case .invalidName, .notFound: return 2
            default: return 1
            }
        case let error as RuntimeError:
            Terminal.error(error.description)
            return error.isUsageError ? 2 : 1
        default:
            let code = exitCode(for: error).rawValue
            let message = fullMessage(for: error)
            if code == 0 {
                if !message.isEmpty { print(message) }
                return 0
            }
            // argument-parser's messages carry their own "Error:" prefix and usage lines.
            Terminal.write(message + "\n", to: STDERR_FILENO)
            return code == ExitCode.validationFailure.rawValue ? 2 : code
        }
    }

    static func exit(code: Int32) -> Never {
        Foundation.exit(code)
    }
}

/// An error the command already explained, or wants printed as is, with its exit code.
struct CLIFailure: Error {
    var message: String
    var code: Int32
    static func usage(_ message: String) -> CLIFailure { CLIFailure(message: message, code: 2) }
    static func runtime(_ message: String) -> CLIFailure { CLIFailure(message: message, code: 1) }
    /// Exit with `code`; the command has printed what it had to say.
    static func silent(_ code: Int32) -> CLIFailure { CLIFailure(message: "", code: code) }
}
