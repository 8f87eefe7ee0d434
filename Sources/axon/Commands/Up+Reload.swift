import AxonConfig
import AxonFleet
import AxonRuntime
import AxonWatch

extension Axon.Up {
    /// Follows fleet.yaml while the fleet runs: each change is validated in full (the file, its replay scripts,
    /// what every agent needs to start); a valid one is applied (`Supervisor.apply`), an invalid one is reported
    /// with its `file:line:col` problems and the fleet runs on as it was.
    /// - Parameter watcher: the fleet's watcher (its paths include fleet.yaml); nil starts one for the file.
    /// - Returns: the task following the file (cancel it, then await it, to stop its own watcher).
    static func followFleetFile(
        workspace: Workspace, environment: [String: String], supervisor: Supervisor<ContinuousClock>,
        watcher shared: Watcher<ContinuousClock>?, say: @escaping @Sendable (String) -> Void
    ) -> Task<Void, Never>? {
        let own: Watcher<ContinuousClock>?
        if shared == nil {
            own = try? Watcher(root: workspace.root, paths: [.file("fleet.yaml")])
        } else {
            own = nil
        }
        guard let watcher = shared ?? own else {
            say("fleet: fleet.yaml is not followed (no inotify watch); restart `axon up` to apply changes")
            return nil
        }
        return Task {
            if let own { _ = try? await own.start() }
            var last = watcher.current?.files["fleet.yaml"]?.hash
            await withTaskCancellationHandler {
                for await snapshot in watcher.snapshots() {
                    // The fleet's watcher publishes every hot-load change; only a new fleet.yaml matters here. A
                    // removed one changes nothing.
                    guard let hash = snapshot.files["fleet.yaml"]?.hash, hash != last else { continue }
                    last = hash
                    if let problems = await reload(workspace: workspace, environment: environment, supervisor) {
                        await supervisor.reject(problems)
                    }
                }
            } onCancel: {
                if let own { Task { await own.stop() } }
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
