import ArgumentParser
import AxonCore
import AxonRuntime
import AxonTrace
import Foundation

extension Axon {
    /// `axon trace ID`: one session's trace, readable.
    struct TraceCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trace",
            abstract: "Show a session's trace (the newest, or by id or unique id prefix).",
            discussion: """
                Text output is a timeline, one line per entry. --json prints the committed lines exactly as \
                stored (JSON Lines, see docs/trace-format.md); a torn last line from a crash is skipped and \
                reported on stderr.

                Without SESSION (or with `last`) it shows the newest session. An ambiguous prefix lists the \
                sessions it matches, newest first.

                Examples:
                  $ axon trace
                  $ axon trace 20261126T0016
                  $ axon trace --json | jq 'select(.type == "model.call") | .billing'
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Argument(
            help: ArgumentHelp(
                "The session id, a prefix that names one session, or `last` (the default).", valueName: "session"))
        var session = SessionCatalog.latestAlias

        mutating func run() async throws {
            let workspace = try global.workspace()
            guard let path = try SessionCatalog(directory: workspace.sessionsDirectory).path(for: session) else {
                if session == SessionCatalog.latestAlias {
                    throw CLIFailure.usage("no sessions yet in \(workspace.sessionsDirectory); run `axon run -p hello`")
                }
                throw CLIFailure.usage("no session '\(session)' in \(workspace.sessionsDirectory); see `axon sessions`")
            }
            let result = try TraceReader.read(path: path)
            if let torn = result.tornTail {
                Terminal.note("axon: note: \(path):\(torn.line): torn last line (\(torn.bytes) bytes) skipped")
            }
            if output.json {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                for line in lines.prefix(result.entries.count) {
                    Terminal.out(String(decoding: line, as: UTF8.self) + "\n")
                }
                return
            }
            Terminal.out(result.entries.map(TraceText.line).joined(separator: "\n") + "\n")
        }
    }
}
