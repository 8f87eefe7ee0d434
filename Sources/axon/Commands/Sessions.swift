import ArgumentParser
import AxonCore
import AxonRuntime
import AxonTrace

extension Axon {
    /// `axon sessions`: the traced sessions of this repo.
    struct Sessions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the sessions traced in data/sessions/, oldest first.",
            usage: """
                axon sessions [--repo <path>] [--json]
                  axon sessions prune --before <date> [--yes] [--json]
                """,
            discussion: """
                STATUS is the session's end reason, `live` while its process runs, `crashed` when the trace \
                has no session.end and no process holds it, or `damaged` when lines of the trace are malformed \
                or the file cannot be read (the row shows what could be read; each problem is said on stderr).

                Examples:
                  $ axon sessions
                  $ axon sessions --json | jq '.[] | select(.cost_usd > 0.1)'
                  $ axon sessions prune --before 2026-01-01
                """,
            subcommands: [Prune.self])

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        mutating func run() async throws {
            let workspace = try global.workspace()
            let sessions = try SessionCatalog(directory: workspace.sessionsDirectory).list()
            for s in sessions where s.isDamaged {
                for line in (s.problem ?? "").split(separator: "\n") {
                    Terminal.warning(workspace.relative(String(line)))
                }
            }
            if output.json {
                Terminal.json(.array(sessions.map(\.json)))
                return
            }
            guard !sessions.isEmpty else {
                Terminal.note("no sessions yet in \(workspace.sessionsDirectory)")
                return
            }
            var table = Table(["SESSION", "AGENT", "SHAPE", "STARTED", "REQS", "TOKENS", "COST", "STATUS"])
            for s in sessions {
                table.add([
                    s.id.rawValue, s.agent?.rawValue ?? "-", s.shape?.rawValue ?? "-", s.started?.rfc3339 ?? "-",
                    String(s.requests), String(s.usage.totalTokens), Format.usd(s.costUSD), s.status,
                ])
            }
            Terminal.out(table.render())
        }
    }
}
