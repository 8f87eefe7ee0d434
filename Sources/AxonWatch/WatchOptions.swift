/// Tuning for a ``Watcher``; every field has a default, so set only what you need.
///
/// The coalescing rule: the first change after `quiet` without changes is delivered at once; changes that
/// follow within `quiet` of each other are coalesced into one snapshot, delivered when `quiet` passes without
/// a change or `maxLatency` after the first of them, whichever is sooner, so a storm still delivers.
public struct WatchOptions: Sendable, Equatable {
    /// Quiet period that ends a burst (and that must pass before a change is delivered at once).
    public var quiet: Duration
    /// The most a change waits while a burst goes on (the first cap of a storm; a long storm grows it up to 16×,
    /// see ``Coalescer``).
    public var maxLatency: Duration
    /// A file modified but never closed (a writer keeping it open) counts once no modification arrived for
    /// this long and its size and mtime are unchanged across a re-check.
    public var settle: Duration
    /// Full rescan diffed by content hash, as a backstop for drift no event reported (`nil`: never).
    public var reconcileInterval: Duration?
    /// Rescan interval in polling mode.
    public var pollInterval: Duration
    /// More base-name patterns to ignore (`*` wildcards), on top of ``IgnoreRules/defaultNames``.
    public var ignoreNames: [String]
    /// Force polling (filesystems without events: NFS, SMB, FUSE).
    public var forcePolling: Bool
    /// Poll on its own when the root is on NFS, SMB/CIFS, 9p (WSL's /mnt/c), FUSE and the like, where changes
    /// made elsewhere never reach inotify.
    public var detectEventlessFilesystems: Bool

    public init(
        quiet: Duration = .milliseconds(50), maxLatency: Duration = .milliseconds(250),
        settle: Duration = .milliseconds(500), reconcileInterval: Duration? = .seconds(30),
        pollInterval: Duration = .seconds(1), ignoreNames: [String] = [], forcePolling: Bool = false,
        detectEventlessFilesystems: Bool = true
    ) {
        self.detectEventlessFilesystems = detectEventlessFilesystems
        self.quiet = quiet
        self.maxLatency = maxLatency
        self.settle = settle
        self.reconcileInterval = reconcileInterval
        self.pollInterval = pollInterval
        self.ignoreNames = ignoreNames
        self.forcePolling = forcePolling
    }
}

/// How the watcher learns about changes.
public enum WatchMode: Sendable, Equatable, CustomStringConvertible {
    /// Kernel events (inotify), plus the periodic reconcile.
    case inotify
    /// Periodic rescans; `reason` says why and how to get events back.
    case polling(reason: WatchError)

    public var description: String {
        switch self {
        case .inotify: return "inotify"
        case .polling: return "polling"
        }
    }
}
