/// The exact map between inotify watch descriptors and repo-relative directories.
///
/// Invariants: `paths[wd] == p` ⇔ `descriptors[p] == wd`. Descriptors are recycled by the kernel after
/// `IN_IGNORED`, so an entry is dropped when its `IN_IGNORED` arrives; when the watcher removes a watch itself
/// it drops the entry at once and remembers the descriptor in `awaitingIgnored`, so the late `IN_IGNORED` for
/// it does not remove a newer watch that reuses the number.
struct WatchTable {
    private(set) var paths: [Int32: String] = [:]
    private(set) var descriptors: [String: Int32] = [:]
    private var awaitingIgnored: [Int32: Int] = [:]

    var count: Int { paths.count }

    func path(of wd: Int32) -> String? { paths[wd] }

    /// Records `wd` for `path`. inotify returns the existing descriptor for an inode already watched: if it
    /// was known under another path (a directory renamed while events were lost), the entry moves to `path`.
    mutating func insert(_ wd: Int32, path: String) {
        if let old = paths[wd], old != path { descriptors[old] = nil }
        if let previous = descriptors[path], previous != wd { paths[previous] = nil }
        paths[wd] = path
        descriptors[path] = wd
    }

    /// Removes every watch at or below `dir`, returning the descriptors to pass to `inotify_rm_watch`.
    mutating func removeAll(under dir: String) -> [Int32] {
        let doomed = descriptors.filter { isPath($0.key, under: dir) }
        for (path, wd) in doomed {
            descriptors[path] = nil
            paths[wd] = nil
            awaitingIgnored[wd, default: 0] += 1
        }
        return Array(doomed.values)
    }

    /// Handles `IN_IGNORED` for `wd` (the kernel dropped the watch); returns the path it had, if any.
    mutating func ignored(_ wd: Int32) -> String? {
        if let pending = awaitingIgnored[wd] {
            awaitingIgnored[wd] = pending > 1 ? pending - 1 : nil
            return nil
        }
        guard let path = paths.removeValue(forKey: wd) else { return nil }
        descriptors[path] = nil
        return path
    }

    /// Forgets everything (the inotify instance is gone).
    mutating func reset() {
        self = WatchTable()
    }
}
