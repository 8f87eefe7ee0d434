import ArgumentParser
import AxonConfig
import AxonCore
import AxonRuntime

extension Axon {
    /// `axon validate`: check fleet.yaml and what it points at.
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check fleet.yaml and the files it names; print every problem as file:line:col.",
            discussion: """
                Exits 0 when the fleet is valid, 2 when it is not. Unknown and duplicate keys, wrong types, \
                unknown model references, bad durations and globs are all reported at once. Replay scripts \
                named by models are checked too.

                Examples:
                  $ axon validate
                  $ axon validate --json | jq '.diagnostics[].message'
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        mutating func run() async throws {
            let workspace = try global.workspace()
            let report = FleetCheck.run(workspace: workspace)
            if output.json {
                Terminal.json(report.json)
            } else if report.diagnostics.isEmpty {
                Terminal.warnings(report.warnings)
                let where_ = report.config?.source == nil ? "no fleet.yaml (built-in default agent)" : "fleet.yaml"
                let agents = report.config?.agents.count ?? 0, models = report.config?.models.count ?? 0
                let n = report.warnings.count
                let warned = n == 0 ? "" : ", \(n) warning\(n == 1 ? "" : "s")"
                Terminal.out("\(where_): ok (\(agents) agents, \(models) models\(warned))\n")
            } else {
                Terminal.warnings(report.warnings)
                Terminal.diagnostics(report.diagnostics)
            }
            if !report.diagnostics.isEmpty { throw CLIFailure.silent(2) }
        }
    }
}
