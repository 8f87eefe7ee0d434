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
            abstract: "Show a session's trace (by id or unique id prefix).",
            discussion: """
                Text output is a timeline, one line per entry. --json prints the committed lines exactly as \
                stored (JSON Lines, see docs/trace-format.md); a torn last line from a crash is skipped and \
                reported on stderr.

                Examples:
                  $ axon trace 20261126T0016
                  $ axon trace 20261126T0016 --json | jq 'select(.type == "model.call") | .billing'
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: ArgumentHelp("The session id, or a prefix that names one session.", valueName: "session"))
        var session: String

        mutating func run() async throws {
            let workspace = try global.workspace()
            guard let path = try SessionCatalog(directory: workspace.sessionsDirectory).path(for: session) else {
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
