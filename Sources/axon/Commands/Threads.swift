import ArgumentParser
import AxonCore
import AxonRuntime
import AxonThreads

extension Axon {
    /// `axon threads`: the named threads of this repo.
    struct Threads: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List named threads, or rebuild their indexes from the traces.",
            discussion: """
                A named thread (`axon run -t NAME`) resumes with its history in any later session. Its index, \
                data/threads/NAME.jsonl, points into the traces; --reindex rebuilds every index from the traces \
                alone (after a crash between a trace commit and its index line, or after copying data/).

                Examples:
                  $ axon threads
                  $ axon threads --json
                  $ axon threads --reindex
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Flag(help: "Rebuild every thread index from data/sessions/.")
        var reindex = false

        mutating func run() async throws {
            let workspace = try global.workspace()
            let data = workspace.root + "/data"
            if reindex {
                let counts = try ThreadReindexer.rebuild(
                    sessionsDirectory: workspace.sessionsDirectory, dataDirectory: data)
                if output.json {
                    Terminal.json(.object(counts.reduce(into: [:]) { $0[$1.key.rawValue] = .int($1.value) }))
                } else {
                    Terminal.out(
                        "reindexed \(counts.count) thread\(counts.count == 1 ? "" : "s") (\(counts.values.reduce(0, +)) entries)\n"
                    )
                }
                return
            }
            let threads = try ThreadCatalog.list(dataDirectory: data)
            if output.json {
                Terminal.json(.array(threads.map(\.json)))
                return
            }
            guard !threads.isEmpty else {
                Terminal.note("no named threads yet; start one with `axon run -t NAME -p PROMPT`")
                return
            }
            var table = Table(["THREAD", "REQUESTS", "COMPACTIONS", "SESSIONS", "TOKENS", "LAST ACTIVITY"])
            for t in threads {
                table.add([
                    t.thread.rawValue, String(t.requests), String(t.compactions), String(t.sessions), String(t.tokens),
                    t.lastActivity?.rfc3339 ?? "-",
                ])
            }
            Terminal.out(table.render())
        }
    }
}
