public import AxonCore

/// What the watcher knows about one file: its content hash and the size and mtime it had when hashed.
///
/// `mtime` is refreshed only when the content changes: a no-op rewrite (same bytes) is not a change.
public struct FileState: Sendable, Hashable {
    /// SHA-256 of the content, lowercase hex (the `expected_hash` of the built-in write tools).
    public var hash: String
    /// Bytes hashed.
    public var size: Int64
    /// Modification time when the content was hashed.
    public var mtime: Timestamp

    public init(hash: String, size: Int64, mtime: Timestamp) {
        self.hash = hash
        self.size = size
        self.mtime = mtime
    }
}

/// The watched files at one generation, and what changed since the previous generation.
///
/// Generations increase strictly, starting at 1 (the initial scan, where every file is `added`). A consumer
/// that falls behind gets the latest snapshot, not each one in between: `changes` then describes only the last
/// step, and ``diff(from:)`` gives the change since the snapshot the consumer last applied.
public struct WatchSnapshot: Sendable, Equatable {
    /// Repo-relative paths, each list sorted.
    public struct Changes: Sendable, Equatable {
        public var added: [String]
        public var changed: [String]
        public var removed: [String]

        public init(added: [String] = [], changed: [String] = [], removed: [String] = []) {
            self.added = added.sorted()
            self.changed = changed.sorted()
            self.removed = removed.sorted()
        }

        /// No path added, changed or removed.
        public var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }
    }

    /// 1 for the initial scan, then +1 for each published change.
    public var generation: UInt64
    /// Repo-relative path → state, for every regular file under the watch paths.
    public var files: [String: FileState]
    /// What changed since generation − 1 (everything is `added` in generation 1).
    public var changes: Changes

    public init(generation: UInt64, files: [String: FileState], changes: Changes) {
        self.generation = generation
        self.files = files
        self.changes = changes
    }

    /// The change from `older` to this snapshot, by content hash.
    public func diff(from older: WatchSnapshot) -> Changes {
        Self.diff(from: older.files, to: files)
    }

    static func diff(from old: [String: FileState], to new: [String: FileState]) -> Changes {
        var added: [String] = [], changed: [String] = [], removed: [String] = []
        for (path, state) in new {
            if let before = old[path] {
                if before.hash != state.hash { changed.append(path) }
            } else {
                added.append(path)
            }
        }
        for path in old.keys where new[path] == nil { removed.append(path) }
        return Changes(added: added, changed: changed, removed: removed)
    }
}
