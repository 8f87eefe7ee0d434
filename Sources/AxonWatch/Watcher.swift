import AxonCore
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Watches files under a root and publishes content-hashed, coalesced snapshots.
///
/// Theory of operation (docs/watcher.md has the long form): kernel events only say *where* to look. Each
/// event marks a file dirty or a directory for rescan; a flush re-reads exactly those places from disk, hashes
/// regular files, and diffs by content hash against the last snapshot. A new generation is published only when
/// something changed. Because the flush looks at the disk rather than replaying events, a lost event, a rename
/// half-pair or a create+delete inside one window all end in the state the disk is in.
///
/// All of the actor's work runs on its own thread (readdir, lstat, hashing are blocking I/O); the inotify
/// descriptor is read on another dedicated thread. Nothing blocks the cooperative pool.
///
/// Generic over the clock that times coalescing, settling, reconcile and polling (style R8); production uses
/// `ContinuousClock`, tests a manual clock.
public actor Watcher<C: Clock<Duration>> {
    /// Absolute, symlink-resolved workspace root.
    public nonisolated let root: String
    public nonisolated let paths: [WatchPath]
    public nonisolated let options: WatchOptions

    let clock: C
    let executor = ThreadExecutor(name: "axon-watch")
    let broadcast = SnapshotBroadcast()
    let makeRaw: @Sendable () throws -> any RawWatcher
    let interest: PathInterest
    let ignore: IgnoreRules
    let scanner: TreeScanner
    let hasher = FileHasher()

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    enum Phase { case idle, running, stopped }

    /// A file modified but not yet closed: counted once it is quiet and its stat is stable across a re-check.
    struct Writing {
        var due: C.Instant
        var checked: StatSignature?
    }

    var phase = Phase.idle
    /// How changes are detected; `.polling(reason:)` after a watch or instance limit, or without inotify.
    public internal(set) var mode = WatchMode.inotify
    var raw: (any RawWatcher)?
    var table = WatchTable()
    var files: [String: FileState] = [:]
    var signatures: [String: StatSignature] = [:]
    var generation: UInt64 = 0
    var coalescer: Coalescer<C.Instant>
    /// The coalescer's state before a change that may turn out to be a temp file's (see ``AtomicWrites``).
    var atomicWrites = AtomicWrites<Coalescer<C.Instant>>()
    var dirtyFiles = Set<String>()
    /// Directories to rescan → whether every file must be re-hashed (overflow, reconcile) or stat may skip.
    var rescans: [String: Bool] = [:]
    var writing: [String: Writing] = [:]
    var nextReconcile: C.Instant?
    var nextPoll: C.Instant?
    var timerTask: Task<Void, Never>?
    var timerDeadline: C.Instant?
    var eventTask: Task<Void, Never>?
    /// Counters for tests and benchmarks.
    var overflowCount = 0
    var reconcileCount = 0

    /// Creates a watcher; nothing is watched until ``start()``.
    ///
    /// - Parameters:
    ///   - root: the workspace root (must be an existing directory; symlinks in it are resolved once here).
    ///   - paths: repo-relative directories (recursive) and files; they need not exist yet.
    /// - Throws: ``WatchError/rootMissing(path:)``, ``WatchError/invalidPath(path:reason:)``.
    public init(root: String, paths: [WatchPath], options: WatchOptions = WatchOptions(), clock: C)
        throws(WatchError)
    {
        try self.init(root: root, paths: paths, options: options, clock: clock, makeRaw: Self.systemRaw)
    }

    init(
        root: String, paths: [WatchPath], options: WatchOptions, clock: C,
        makeRaw: @escaping @Sendable () throws -> any RawWatcher
    ) throws(WatchError) {
        guard let resolved = realpath(root, nil) else { throw .rootMissing(path: root) }
        let absolute = String(cString: resolved)
        free(resolved)
        guard case .directory = FileKind.of(absolute) else { throw .rootMissing(path: root) }
        var normalized: [WatchPath] = []
        for path in paths { normalized.append(try path.normalized()) }
        self.root = absolute
        self.paths = normalized
        self.options = options
        self.clock = clock
        self.makeRaw = makeRaw
        interest = PathInterest(normalized)
        ignore = IgnoreRules(extraNames: options.ignoreNames)
        scanner = TreeScanner(root: absolute, interest: interest, ignore: ignore)
        coalescer = Coalescer(quiet: options.quiet, maxLatency: options.maxLatency)
    }

    deinit {
        raw?.close()
        timerTask?.cancel()
        broadcast.finish()
        executor.shutdown()
    }

    /// Establishes the watches, then scans, and publishes generation 1 (every file `added`).
    ///
    /// Watches come first so nothing written during the scan is missed. Running out of inotify watches or
    /// instances is not an error: the watcher polls, and ``mode`` says why and which sysctl to raise.
    /// - Throws: ``WatchError/alreadyStarted`` or ``WatchError/stopped`` when misused.
    public func start() async throws(WatchError) -> WatchSnapshot {
        switch phase {
        case .running: throw .alreadyStarted
        case .stopped: throw .stopped
        case .idle: break
        }
        phase = .running
        if options.forcePolling {
            enterPolling(.pollingRequested)
        } else if options.detectEventlessFilesystems, let filesystem = EventlessFilesystem.name(at: root) {
            enterPolling(.eventlessFilesystem(path: root, filesystem: filesystem))
        } else {
            do {
                let raw = try makeRaw()
                self.raw = raw
                listen(to: raw)
            } catch {
                enterPolling(Self.watchError(error as? RawError ?? .other(call: "inotify_init1", errno: 0), path: root))
            }
        }
        rescans[""] = true
        flush(initial: true)
        if let interval = options.reconcileInterval { nextReconcile = clock.now.advanced(by: interval) }
        schedule()
        return broadcast.latest!
    }

    /// Stops watching: closes the inotify descriptor, cancels timers, and ends every snapshot sequence.
    public func stop() async {
        guard phase != .stopped else { return }
        phase = .stopped
        timerTask?.cancel()
        raw?.close()
        raw = nil
        table.reset()
        broadcast.finish()
    }

    /// The snapshots, latest-wins: first the current one, then each newer one a consumer is ready for.
    /// Any number of independent consumers may iterate; each sequence ends at ``stop()``.
    public nonisolated func snapshots() -> SnapshotSequence {
        SnapshotSequence(broadcast: broadcast, after: 0)
    }

    /// The latest published snapshot (nil before ``start()``).
    public nonisolated var current: WatchSnapshot? { broadcast.latest }

    /// Number of directories with an inotify watch.
    var watchCount: Int { table.count }

    func listen(to raw: any RawWatcher) {
        eventTask = Task { [weak self, events = raw.events] in
            for await batch in events {
                guard let self else { return }
                await self.handle(batch)
            }
        }
    }

    @Sendable static func systemRaw() throws -> any RawWatcher {
        #if os(Linux)
            return try Inotify()
        #else
            throw .other(call: "inotify_init1", errno: ENOSYS)
        #endif
    }

    static func watchError(_ error: RawError, path: String) -> WatchError {
        #if os(Linux)
            switch error {
            case .watchLimit: return .watchLimitReached(path: path, limit: Inotify.limit("max_user_watches"))
            case .instanceLimit: return .instanceLimitReached(limit: Inotify.limit("max_user_instances"))
            case .gone: return .inotifyFailed(call: "inotify_add_watch", path: path, errno: ENOENT)
            case .denied: return .inotifyFailed(call: "inotify_add_watch", path: path, errno: EACCES)
            case .other(let call, let code): return .inotifyFailed(call: call, path: path, errno: code)
            }
        #else
            return .unsupportedPlatform
        #endif
    }
}

extension Watcher where C == ContinuousClock {
    /// A watcher on the continuous clock (the production setup).
    public init(root: String, paths: [WatchPath], options: WatchOptions = WatchOptions()) throws(WatchError) {
        try self.init(root: root, paths: paths, options: options, clock: ContinuousClock())
    }
}
