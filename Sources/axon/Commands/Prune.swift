import ArgumentParser
import AxonCore
import AxonRuntime
import AxonTrace
import Foundation

extension Axon.Sessions {
    /// `axon sessions prune --before DATE`: the only way traces are ever deleted.
    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete the traces of sessions that started before a date (asks first).",
            discussion: """
                This is the only command that deletes traces. Live sessions are never deleted. Without --yes it \
                lists what it would delete and asks; without a terminal to ask on, it refuses.

                Examples:
                  $ axon sessions prune --before 2026-01-01
                  $ axon sessions prune --before 2026-11-01T00:00:00Z --yes --json
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Option(
            help: ArgumentHelp(
                "Delete sessions started before this date (YYYY-MM-DD or RFC 3339, UTC).",
                valueName: "date"))
        var before: String

        @Flag(help: "Delete without asking.")
        var yes = false

        func validate() throws {
            guard Timestamp(parsing: before) != nil else {
                throw ValidationError("--before expects YYYY-MM-DD or an RFC 3339 time, got '\(before)'")
            }
        }

        mutating func run() async throws {
            let cutoff = Timestamp(parsing: before)!
            let workspace = try global.workspace()
            let catalog = SessionCatalog(directory: workspace.sessionsDirectory)
            let candidates = try catalog.pruneCandidates(before: cutoff)
            if candidates.isEmpty {
                if output.json {
                    Terminal.json(.object(["deleted": .array([])]))
                } else {
                    Terminal.note("no sessions started before \(cutoff.rfc3339)")
                }
                return
            }
            if !yes {
                guard Terminal.stdinIsTerminal else {
                    throw CLIFailure.usage(
                        "\(candidates.count) sessions would be deleted; pass --yes to delete without a terminal")
                }
                for s in candidates { Terminal.note("  \(s.id.rawValue)  \(s.agent?.rawValue ?? "-")") }
                Terminal.write("delete these \(candidates.count) session traces? [y/N] ", to: STDERR_FILENO)
                let answer = readLine()?.lowercased() ?? ""
                guard answer == "y" || answer == "yes" else { throw CLIFailure.runtime("nothing deleted") }
            }
            let deleted = try catalog.delete(candidates)
            if output.json {
                Terminal.json(.object(["deleted": .array(deleted.map { .string($0.rawValue) })]))
            } else {
                Terminal.out("deleted \(deleted.count) session trace\(deleted.count == 1 ? "" : "s")\n")
            }
        }
    }
}
