import ArgumentParser
import AxonConfig
import AxonCore
import AxonModels
import AxonRuntime

extension Axon {
    /// `axon tools`: the tools an agent's model is offered, under which policy and sandbox.
    struct ToolsCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tools",
            abstract: "List the tools an agent's model is offered, its file policy and how run_shell is sandboxed.",
            usage: """
                axon tools [-a <agent>] [--repo <path>] [--json]
                  axon tools approve|reject <name> [--repo <path>] [--json]
                """,
            discussion: """
                Shows the built-in, executable (src/tools/, .agents/tools/) and MCP tools (.agents/mcp.json, \
                fleet.yaml `mcp:`) that pass the agent's `tools: {allow, deny}` (run_shell only with \
                `policy.shell: true`) with their kind, status (active, shadowed, invalid — with the manifest's \
                error —, quarantined, server down — with the reason), author (the agent that wrote the file's \
                current content with write_file/edit_file, or `unknown`) and source, each MCP server's state, \
                the agent's read/write/deny globs, and whether tool processes run inside bubblewrap or \
                unsandboxed (the fallback). MCP tools are listed from each server's cache; a server never listed \
                is started once to list them. Under `tools: {trust: review}` a tool an agent wrote is quarantined \
                until `axon tools approve NAME`. See docs/tools.md, docs/mcp.md and docs/policy.md.

                Examples:
                  $ axon tools
                  $ axon tools -a scout --json | jq '.tools[].name'
                  $ axon tools approve greet
                """,
            subcommands: [Approve.self, Reject.self])

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Option(name: [.customShort("a"), .long], help: "The agent (default: $AXON_AGENT, else the fleet's default).")
        var agent: String?

        mutating func run() async throws {
            let (workspace, config) = try global.load()
            let env = global.environment
            let name = try AgentSelection.resolve(flag: agent, environment: env, config: config)
            let report = try await ToolReport.make(config: config, agent: name, workspace: workspace, environment: env)
            if output.json {
                Terminal.json(report.json)
                return
            }
            Terminal.out("agent \(report.agent.rawValue)\n" + report.text)
        }
    }
}

extension ToolReport {
    /// The text `axon tools` and `/tools` print: the table, the problems, the policy and the sandbox.
    var text: String {
        var table = Table(["TOOL", "KIND", "STATUS", "AUTHOR", "SOURCE", "DESCRIPTION"])
        var problems: [String] = []
        for tool in tools {
            // The first sentence (a "." inside a word or a parenthesis does not end it).
            let sentence = tool.description.firstRange(of: ". ").map {
                String(tool.description[..<$0.lowerBound]) + "."
            }
            table.add([
                tool.name, tool.kind.rawValue, tool.status.name, tool.author ?? "-", tool.source,
                sentence ?? tool.description,
            ])
            if let error = tool.error {
                // A manifest's error already starts with its `path:line:col`.
                problems.append("  " + (error.hasPrefix(tool.source) ? error : "\(tool.source): \(error)"))
            }
        }
        problems += (self.problems + warnings).map { "  " + $0 }
        let list = { (globs: [String]) in globs.isEmpty ? "-" : globs.joined(separator: " ") }
        return table.render()
            + (problems.isEmpty ? "" : "\nproblems:\n" + problems.joined(separator: "\n") + "\n")
            + (servers.isEmpty ? "" : "\nmcp servers:\n" + servers.map { "  " + $0 + "\n" }.joined())
            + (searchOnly.isEmpty
                ? ""
                : "\n\(searchOnly.count) of these are not in each request (past tools.max_direct or tools.budget_kb): "
                    + "the model finds them with search_tools: " + searchOnly.joined(separator: ", ") + "\n")
            + "\nread:    \(list(policy.read))\nwrite:   \(list(policy.write))\ndeny:    \(list(policy.deny)) .git (always)\n"
            + "shell:   \(sandbox)\ncreate_tools: \(policy.createTools)\n"
    }
}
