import ArgumentParser
import AxonConfig
import AxonRuntime
import Foundation

/// Flags every command takes, and loading what they point at.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The repo to work on (default: $AXON_REPO, else the nearest directory upwards with a fleet.yaml, "
                + "else the current directory).", valueName: "path"))
    var repo: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    func workspace() throws -> Workspace {
        try Workspace.locate(
            explicit: repo, environment: environment, cwd: FileManager.default.currentDirectoryPath)
    }

    /// The workspace and its validated fleet (the built-in one when there is no fleet.yaml); the fleet's
    /// warnings (keys not used yet) are printed on stderr.
    func load() throws -> (Workspace, FleetConfig) {
        let workspace = try workspace()
        let config = try workspace.loadFleet()
        Terminal.warnings(config.warnings)
        return (workspace, config)
    }
}

/// `--json` for commands whose output machines read.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text (one object or array on stdout).")
    var json = false
}
