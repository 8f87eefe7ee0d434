import ArgumentParser
import AxonConfig
import AxonCore
import AxonRuntime
import AxonTools

extension Axon.ToolsCommand {
    /// `axon tools approve NAME`: a human vouches for the current content of a tool an agent wrote.
    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve the current content of a tool an agent wrote, for agents with tools: {trust: review}.",
            discussion: """
                Records in data/provenance.jsonl that you ($USER) approve the tool file as it is now: its \
                SHA-256, not its name. Agents with `tools: {trust: review}` then load it; once the file changes \
                (an agent edits it) it is quarantined again until approved again. NAME is the tool's name as \
                `axon tools` lists it, or its file (src/tools/x.sh); a name two files share approves both. \
                Read the file first: approving is running it. See docs/tools.md#provenance-and-trust.

                Examples:
                  $ axon tools                 # STATUS quarantined, AUTHOR the agent
                  $ axon tools approve greet
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: ArgumentHelp("The tool's name, or its file (src/tools/x.sh).", valueName: "name"))
        var name: String

        mutating func run() async throws {
            try ToolDecision.record(.approve, name: name, global: global, json: output.json)
        }
    }

    /// `axon tools reject NAME`: keeps the current content of a tool out of review-trusting agents for good.
    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reject the current content of a tool an agent wrote, for agents with tools: {trust: review}.",
            discussion: """
                Records in data/provenance.jsonl that you ($USER) reject the tool file as it is now (its \
                SHA-256): agents with `tools: {trust: review}` keep it quarantined, shown as rejected, and a \
                later approval of the same content overrides it. Agents with `trust: auto` are not affected. \
                NAME is the tool's name as `axon tools` lists it, or its file. See \
                docs/tools.md#provenance-and-trust.

                Examples:
                  $ axon tools reject greet
                  $ axon tools reject src/tools/greet.sh --json
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: ArgumentHelp("The tool's name, or its file (src/tools/x.sh).", valueName: "name"))
        var name: String

        mutating func run() async throws {
            try ToolDecision.record(.reject, name: name, global: global, json: output.json)
        }
    }
}

/// What approve and reject share: resolve NAME to its files, append one decision per file (none when the
/// same decision already stands for that content), and say what changed.
enum ToolDecision {
    static func record(_ kind: Provenance.Record.Kind, name: String, global: GlobalOptions, json: Bool) throws {
        let (workspace, config) = try global.load()
        // Names are the repo's, not one agent's; `review` resolves every tool file whatever an agent's trust.
        let catalog = ToolCatalog.load(root: workspace.root, trust: .review)
        let files = catalog.entries.filter { $0.kind == .executable && ($0.name == name || $0.source == name) }
        guard !files.isEmpty else { throw unknown(name, in: catalog) }
        let provenance = Provenance(root: workspace.root)
        let ledger = provenance.read()
        for problem in ledger.problems { Terminal.warning(problem) }
        let user = global.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "user"
        let verb = kind == .approve ? "approved" : "rejected"
        var items: [JSONValue] = []
        var lines: [String] = []
        for file in files {
            guard let hash = file.hash else {
                throw CLIFailure.runtime("\(file.source) cannot be read, so there is no content to \(kind.rawValue)")
            }
            let already: Bool
            switch (kind, ledger.review(path: file.source, hash: hash)) {
            case (.approve, .approved), (.reject, .rejected): already = true
            default: already = false
            }
            if !already {
                do {
                    try provenance.append(.decision(kind, path: file.source, hash: hash, by: user))
                } catch {
                    throw CLIFailure.runtime(
                        "\(workspace.relative(error.path)): cannot record the decision: \(error.operation): \(error.reason)"
                    )
                }
            }
            let author = file.author ?? Provenance.unknownAuthor
            let by = author == Provenance.unknownAuthor ? "of unknown author" : "written by agent \(author)"
            let what = "\(file.source) (sha256 \(hash.prefix(12))…, \(by))"
            lines.append(already ? "\(what) was already \(verb)" : "\(verb) \(what)")
            items.append([
                "name": .string(file.name), "source": .string(file.source), "hash": .string(hash),
                "author": .string(author), "by": .string(user), "recorded": .bool(!already),
            ])
        }
        if json {
            Terminal.json(["decision": .string(kind.rawValue), "tools": .array(items)])
            return
        }
        Terminal.out(lines.joined(separator: "\n") + "\n")
        if items.contains(where: { $0["recorded"] == .bool(true) }) { Terminal.note(consequence(kind, config: config)) }
    }

    /// Which agents the decision matters to: only those with `tools: {trust: review}`.
    static func consequence(_ kind: Provenance.Record.Kind, config: FleetConfig) -> String {
        let reviewing = config.agentOrder.filter { config.agents[$0]?.tools.trust == .review }.map(\.rawValue)
        guard !reviewing.isEmpty else {
            return "no agent has tools: {trust: review}, so this changes what agents load only once one does"
        }
        let who = "agents with tools: {trust: review} (\(reviewing.joined(separator: ", ")))"
        return kind == .approve
            ? "\(who) offer this content from their next session; any change to the file needs approval again"
            : "\(who) keep this content quarantined; agents with trust: auto still load it"
    }

    /// NAME matches no tool file: a built-in, or a typo (did-you-mean), exit 2.
    static func unknown(_ name: String, in catalog: ToolCatalog) -> CLIFailure {
        if catalog.entries.contains(where: { $0.kind != .executable && $0.name == name }) {
            return .usage("'\(name)' is a built-in tool; only tool files (src/tools/, .agents/tools/) are reviewed")
        }
        let files = catalog.entries.filter { $0.kind == .executable }
        let hint = Suggestion.hint(for: name, in: files.map(\.name) + files.map(\.source))
        let known = files.isEmpty ? "there are none" : "they are: " + files.map(\.name).joined(separator: ", ")
        return .usage("no tool file named '\(name)'\(hint) in src/tools/ or .agents/tools/; \(known)")
    }
}
