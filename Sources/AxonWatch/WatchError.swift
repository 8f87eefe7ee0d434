/// Everything the watcher can report as a failure, each with the context a user needs and a remedy.
///
/// Recoverable conditions (the inotify watch limit, the instance limit, a filesystem without events) are not
/// thrown: the watcher degrades to polling and carries the error as the reason in ``WatchMode/polling(reason:)``
/// so a caller can print it. Only misuse (a bad root or path, starting twice) is thrown.
public enum WatchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The workspace root does not exist or is not a directory.
    case rootMissing(path: String)
    /// A watch path is absolute, escapes the root with `..`, or is empty.
    case invalidPath(path: String, reason: String)
    /// `inotify_add_watch` failed with ENOSPC: the per-user watch limit is exhausted.
    case watchLimitReached(path: String, limit: Int?)
    /// `inotify_init1` failed with EMFILE: the per-user instance limit is exhausted.
    case instanceLimitReached(limit: Int?)
    /// Another inotify failure (errno and the call that failed).
    case inotifyFailed(call: String, path: String?, errno: Int32)
    /// The platform has no inotify (the watcher polls).
    case unsupportedPlatform
    /// Polling was asked for (``WatchOptions/forcePolling``).
    case pollingRequested
    /// The root is on a filesystem whose remote changes never reach inotify (NFS, SMB, 9p, FUSE…).
    case eventlessFilesystem(path: String, filesystem: String)
    /// The workspace root itself was deleted or moved away while watched.
    case rootVanished(path: String)
    /// `start()` was called twice, or after `stop()`.
    case alreadyStarted
    case stopped

    public var description: String {
        switch self {
        case .rootMissing(let path):
            return "the watch root \(path) does not exist or is not a directory; create it or pass --repo"
        case .invalidPath(let path, let reason):
            return "cannot watch '\(path)': \(reason); give a path relative to the repo root without '..'"
        case .watchLimitReached(let path, let limit):
            return "inotify watch limit reached\(limit.map { " (\($0))" } ?? "") while watching \(path); polling "
                + "instead. Raise it: sysctl -w fs.inotify.max_user_watches=524288 (persist in /etc/sysctl.d/)"
        case .instanceLimitReached(let limit):
            return "inotify instance limit reached\(limit.map { " (\($0))" } ?? ""); polling instead. Raise it: "
                + "sysctl -w fs.inotify.max_user_instances=1024, or stop other watchers of this user"
        case .inotifyFailed(let call, let path, let errno):
            return "\(call)\(path.map { "(\($0))" } ?? "") failed with errno \(errno); polling instead. "
                + "If this filesystem has no change events (NFS, FUSE), polling is the right mode"
        case .unsupportedPlatform:
            return "this platform has no inotify; polling instead (changes are seen within the poll interval)"
        case .eventlessFilesystem(let path, let filesystem):
            return "\(path) is on \(filesystem), where changes made elsewhere send no inotify events; polling "
                + "instead (changes are seen within the poll interval)"
        case .pollingRequested:
            return "polling as requested; changes are seen within the poll interval. Drop --poll to use inotify"
        case .rootVanished(let path):
            return "the watch root \(path) was deleted or moved; polling until it exists again. Restore it"
        case .alreadyStarted:
            return "the watcher was already started; create a new Watcher to watch again"
        case .stopped:
            return "the watcher was stopped; create a new Watcher to watch again"
        }
    }
}
