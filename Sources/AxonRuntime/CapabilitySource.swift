import AxonConfig
import AxonWatch

/// Where a session learns that its tools, skills, MCP configuration or knowledge may have changed: a watcher
/// of its own when it runs alone, the supervisor's broadcast in a fleet.
///
/// A source only says *that* the files moved on (a generation number); the session re-reads them, validates
/// each, and applies the result at its next safe point.
public protocol CapabilitySource: Sendable {
    /// Each newer generation as it is published, latest-wins (a slow session skips generations, never queues
    /// them); ends when the source stops.
    func generations() -> AsyncStream<Int>
    /// Stops publishing; `generations()` then ends.
    func stop() async
}

/// How a session follows changes to the repo.
public enum HotLoad: Sendable {
    /// Keeps what it booted with.
    case none
    /// Starts its own watcher on the hot-load paths (docs/watcher.md), stopped when the session ends.
    case watch
    /// Follows `source`, whose current generation is `generation` (a supervisor's broadcast).
    case source(any CapabilitySource, generation: Int)

    /// The source and its current generation; nil for `.none` or when the watcher cannot start (said once).
    func start(workspace: Workspace, config: FleetConfig, warn: @Sendable (String) -> Void) async -> (
        source: any CapabilitySource, generation: Int
    )? {
        switch self {
        case .none:
            return nil
        case .source(let source, let generation):
            return (source, generation)
        case .watch:
            do throws(WatchError) {
                let watched = try await WatchedRepo.start(root: workspace.root, extra: config.watch.extra)
                return (watched, watched.generation)
            } catch {
                warn("axon: hot-load is off for this session: \(error)")
                return nil
            }
        }
    }
}

/// A `CapabilitySource` over a watcher of the repo's hot-load paths.
final class WatchedRepo: CapabilitySource {
    let watcher: Watcher<ContinuousClock>
    /// The generation of the watcher's initial scan.
    let generation: Int

    private init(watcher: Watcher<ContinuousClock>, generation: Int) {
        self.watcher = watcher
        self.generation = generation
    }

    static func start(root: String, extra: [String]) async throws(WatchError) -> WatchedRepo {
        let watcher = try Watcher(root: root, paths: WatchPath.workspaceRoots(root: root, extra: extra))
        let initial = try await watcher.start()
        return WatchedRepo(watcher: watcher, generation: Int(initial.generation))
    }

    func generations() -> AsyncStream<Int> {
        let snapshots = watcher.snapshots()
        return AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let task = Task {
                for await snapshot in snapshots { continuation.yield(Int(snapshot.generation)) }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func stop() async { await watcher.stop() }
}
