import AxonConfig
import AxonFleet
import AxonRuntime
import AxonWatch

extension Axon.Up {
    /// Follows fleet.yaml while the fleet runs: each change is validated in full (the file, its replay scripts,
    /// what every agent needs to start); a valid one is applied (`Supervisor.apply`), an invalid one is reported
    /// with its `file:line:col` problems and the fleet runs on as it was.
    /// - Returns: the task following the file (cancel it, then await it, to stop its watcher).
    static func followFleetFile(
        workspace: Workspace, environment: [String: String], supervisor: Supervisor<ContinuousClock>,
        say: @escaping @Sendable (String) -> Void
    ) -> Task<Void, Never>? {
        // `say` is for this file's own trouble; the supervisor reports what a change did.
        guard let watcher = try? Watcher(root: workspace.root, paths: [.file("fleet.yaml")]) else {
            say("fleet: fleet.yaml is not followed (no inotify watch); restart `axon up` to apply changes")
            return nil
        }
        return Task {
            guard let initial = try? await watcher.start() else { return }
            await withTaskCancellationHandler {
                for await snapshot in watcher.snapshots() where snapshot.generation > initial.generation {
                    guard snapshot.files["fleet.yaml"] != nil else { continue }  // removed: keep running
                    if let problems = await reload(workspace: workspace, environment: environment, supervisor) {
                        await supervisor.reject(problems)
                    }
                }
            } onCancel: {
                Task { await watcher.stop() }
            }
        }
    }

    /// Applies fleet.yaml as it is now; the problems that keep it from being applied, if any.
    static func reload(
        workspace: Workspace, environment: [String: String], _ supervisor: Supervisor<ContinuousClock>
    ) async -> [String]? {
        let check = FleetCheck.run(workspace: workspace)
        guard let config = check.config else { return check.diagnostics.map(\.description) }
        let plan = FleetPlan(config: config)
        guard !plan.instances.isEmpty else {
            return ["fleet.yaml runs no agent (every agent has replicas: 0); `axon down` stops the fleet"]
        }
        let problems = FleetPreflight.problems(plan, config: config, workspace: workspace, environment: environment)
        guard problems.isEmpty else { return problems }
        await supervisor.apply(plan)
        return nil
    }
}
