import AxonControl
import AxonCore
import AxonFleet
import AxonRuntime

/// The CLI's side of the supervisor's control socket (`axon ps`, `down`, `restart`, `up -d`).
enum SupervisorClient {
    /// The exit code of `axon ps` and `axon restart` when no fleet runs in the repo.
    static let notRunning: Int32 = 3

    static func socket(_ workspace: Workspace) -> String {
        ControlSocketPath.supervisor(repoRoot: workspace.root)
    }

    static func noFleet(_ workspace: Workspace) -> CLIFailure {
        CLIFailure(
            message: "no fleet is running in \(workspace.root): start one with 'axon up -d' (or 'axon up')",
            code: notRunning)
    }

    /// Sends `request` to the repo's supervisor and returns its answer.
    /// - Throws: exit 3 when no supervisor runs (the lock is free), 1 when one runs but does not answer, and the
    ///   supervisor's `error` line as a failure (2 for an unknown agent).
    static func ask(_ workspace: Workspace, _ request: ControlRequest, timeout: Duration = .seconds(10))
        async throws -> [String: JSONValue]
    {
        let path = socket(workspace)
        guard let reply = await SupervisorControl.ask(path, request, timeout: timeout) else {
            guard let holder = FleetLock.holder(stateDirectory: workspace.stateDirectory) else {
                throw noFleet(workspace)
            }
            throw CLIFailure.runtime(
                "the fleet's supervisor (pid \(holder)) does not answer on \(workspace.relative(path)); it may still "
                    + "be starting, or be an axon older than its control socket")
        }
        switch reply {
        case .status(_, let fields): return fields
        case .error(_, let code, let message):
            throw code == "unknown_agent" || code == "bad_request"
                ? CLIFailure.usage(message) : CLIFailure.runtime(message)
        default: throw CLIFailure.runtime("unexpected answer from the supervisor: \(ControlWire.encode(reply))")
        }
    }

    /// The fleet's state.
    static func status(_ workspace: Workspace) async throws -> FleetStatus {
        let fields = try await ask(workspace, .status(id: "ps"))
        guard let status = FleetStatus(fields: fields) else {
            throw CLIFailure.runtime("the supervisor's status could not be read")
        }
        return status
    }
}
