import ArgumentParser
import AxonCore
import AxonRuntime
import AxonThreads

extension Axon {
    /// `axon thread NAME`: one thread's history.
    struct ThreadCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "thread",
            abstract: "Show a named thread's history, request by request.",
            discussion: """
                Examples:
                  $ axon thread design
                  $ axon thread design --json | jq '.[].prompt'
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: ArgumentHelp("The thread's name.", valueName: "name"))
        var name: String

        mutating func run() async throws {
            if let problem = ThreadName.validate(name) { throw problem }
            let workspace = try global.workspace()
            let thread = ThreadName(name)
            let entries = try ThreadIndex(dataDirectory: workspace.root + "/data", thread: thread).all()
            guard !entries.isEmpty else { throw ThreadsError.notFound(thread) }
            let requests = try ThreadHistory.requests(
                of: entries, thread: thread, sessionsDirectory: workspace.sessionsDirectory)
            if output.json {
                Terminal.json(.array(requests.map(\.json)))
                return
            }
            for r in requests {
                Terminal.out(
                    "── #\(r.entry.n)  \(r.entry.ts.rfc3339)  \(r.entry.session)/\(r.entry.request)  \(r.status)\n")
                for m in r.messages {
                    switch m.role {
                    case .user: Terminal.out("user: \(m.content ?? "")\n")
                    case .assistant:
                        if let text = m.content { Terminal.out("assistant: \(text)\n") }
                        for call in m.toolCalls { Terminal.out("  → \(call.name) \(call.arguments.serialized())\n") }
                    case .tool: Terminal.out("  ← \(TraceText.quoted(m.content ?? ""))\n")
                    case .system: break
                    }
                }
            }
            let compactions = entries.count - requests.count
            if compactions > 0 {
                Terminal.note("(\(compactions) compaction\(compactions == 1 ? "" : "s") in this thread)")
            }
        }
    }
}
