public import ArgumentParser
import AxonCore
import AxonRuntime
public import AxonTrace

extension UsageReport.Grouping: ExpressibleByArgument {}

extension Axon {
    /// `axon usage`: tokens and USD from every traced model call.
    struct UsageCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "usage",
            abstract: "Sum tokens and USD over every traced model call, grouped.",
            discussion: """
                Each API call is counted once, from its model.call entry. Days are UTC.

                Examples:
                  $ axon usage
                  $ axon usage --by day --json
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Option(help: "Group by agent, thread, model or day.")
        var by: UsageReport.Grouping = .agent

        mutating func run() async throws {
            let workspace = try global.workspace()
            let scan = try UsageReport.build(directory: workspace.sessionsDirectory, by: by)
            for problem in scan.problems { Terminal.warning(workspace.relative(problem)) }
            let rows = scan.rows
            if output.json {
                Terminal.json(
                    .array(
                        rows.map {
                            .object([
                                by.rawValue: .string($0.key), "calls": .int($0.calls), "usage": $0.usage.json,
                                "cost_usd": .double($0.costUSD),
                            ])
                        }))
                return
            }
            var table = Table([
                by.rawValue.uppercased(), "CALLS", "INPUT", "OUTPUT", "CACHE_READ", "CACHE_WRITE", "COST",
            ])
            var total = UsageRow(key: "total", calls: 0, usage: .zero, costUSD: 0)
            for row in rows {
                table.add(Self.cells(row))
                total.calls += row.calls
                total.usage += row.usage
                total.costUSD += row.costUSD
            }
            table.add(Self.cells(total))
            Terminal.out(table.render())
        }

        static func cells(_ row: UsageRow) -> [String] {
            [
                row.key, String(row.calls), String(row.usage.inputTokens), String(row.usage.outputTokens),
                String(row.usage.cacheReadTokens), String(row.usage.cacheWriteTokens), Format.usd(row.costUSD),
            ]
        }
    }
}
