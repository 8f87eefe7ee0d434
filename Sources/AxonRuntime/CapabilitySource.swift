import AxonConfig
import AxonControl
public import AxonWatch

/// Where a session learns that its tools, skills, MCP configuration or knowledge may have changed: a watcher
/// of its own when it runs alone, the supervisor's broadcast in a fleet.
///
/// A source only says *that* the files moved on (a generation number) and which parts they belong to; the
/// session re-reads those parts, validates each, and applies the result at its next safe point.
public protocol CapabilitySource: Sendable {
    /// Each newer generation as it is published, with the parts changed since the one before; ends when the
    /// source stops. A slow session merges what it has not applied yet, so it applies the latest state once
    /// rather than each generation in turn.
    func updates() -> AsyncStream<CapabilityUpdate>
    /// Stops publishing; `updates()` then ends.
    func stop() async
}

/// One published generation and the parts of the capabilities it can have changed.
public struct CapabilityUpdate: Sendable, Equatable {
    public var generation: Int
    public var scope: CapabilityScope
    /// The repo-relative paths changed, when the source knows them (a watcher); nil: not known, every file of
    /// the parts in `scope` is looked at again.
    public var paths: Set<String>?

    /// More paths than this are not kept: looking at every file is then as cheap as the set (the fleet
    /// channel's bound, so both ends agree).
    static let pathLimit = LatestWins.pathLimit

    public init(generation: Int, scope: CapabilityScope, paths: Set<String>? = nil) {
        self.generation = generation
        self.scope = scope
        self.paths = paths.flatMap { $0.count > Self.pathLimit ? nil : $0 }
    }

    /// This update and a later one, as one: the later generation, both scopes and both path sets.
    func merged(with later: CapabilityUpdate) -> CapabilityUpdate {
        let paths = self.paths.flatMap { mine in later.paths.map { mine.union($0) } }
        return CapabilityUpdate(
            generation: max(generation, later.generation), scope: scope.union(later.scope), paths: paths)
    }
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

/// A `CapabilitySource` over a watcher of the repo's hot-load paths: a lone session's own, or the one a fleet's
/// supervisor broadcasts from.
public final class WatchedRepo: CapabilitySource {
    public let watcher: Watcher<ContinuousClock>
    /// The watcher's initial scan: what the session boots with.
    let initial: WatchSnapshot
    /// The generation of the initial scan.
    public var generation: Int { Int(initial.generation) }

    private init(watcher: Watcher<ContinuousClock>, initial: WatchSnapshot) {
        self.watcher = watcher
        self.initial = initial
    }

    /// Watches `WatchPath.workspaceRoots` of `root` (plus `watch.extra`), scanned once before it returns.
    public static func start(root: String, extra: [String]) async throws(WatchError) -> WatchedRepo {
        let watcher = try Watcher(root: root, paths: WatchPath.workspaceRoots(root: root, extra: extra))
        return WatchedRepo(watcher: watcher, initial: try await watcher.start())
    }

    public func updates() -> AsyncStream<CapabilityUpdate> {
        let snapshots = watcher.snapshots()
        return AsyncStream { continuation in
            let task = Task { [initial] in
                var last = initial
                for await snapshot in snapshots where snapshot.generation > last.generation {
                    // A consumer that fell behind gets the latest snapshot only: its own `changes` would then
                    // miss the steps skipped, the diff from the last one seen does not.
                    let changes =
                        last.generation + 1 == snapshot.generation ? snapshot.changes : snapshot.diff(from: last)
                    last = snapshot
                    let paths = changes.added + changes.changed + changes.removed
                    continuation.yield(
                        CapabilityUpdate(
                            generation: Int(snapshot.generation), scope: .touched(by: paths), paths: Set(paths)))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    public func stop() async { await watcher.stop() }
}
