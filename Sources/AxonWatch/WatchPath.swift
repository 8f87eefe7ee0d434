#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One thing to watch, relative to the workspace root.
///
/// A directory is watched recursively. A single file is watched through its parent directory with a name
/// filter, because writers publish by rename and a rename replaces the inode a file watch would hold.
/// Neither has to exist: it is watched through its nearest existing ancestor and appears when created.
public enum WatchPath: Sendable, Hashable, CustomStringConvertible {
    /// A directory tree, e.g. `src/tools`; `""` is the whole root.
    case directory(String)
    /// One file, e.g. `fleet.yaml`.
    case file(String)

    /// The repo-relative path, either kind.
    public var path: String {
        switch self {
        case .directory(let p), .file(let p): return p
        }
    }

    public var description: String {
        switch self {
        case .directory(let p): return p.isEmpty ? "./" : p + "/"
        case .file(let p): return p
        }
    }

    /// The hot-load set of the design: `src/tools/`, `.agents/`, `data/knowledge/`, `src/boot.md`, `AGENTS.md`,
    /// `fleet.yaml`, plus `extra` (fleet.yaml's `watch.extra`).
    ///
    /// An extra ending in `/` is a directory; otherwise it is a file when `root/extra` is a regular file now,
    /// else a directory.
    public static func workspaceRoots(root: String, extra: [String] = []) -> [WatchPath] {
        var paths: [WatchPath] = [
            .directory("src/tools"), .directory(".agents"), .directory("data/knowledge"),
            .file("src/boot.md"), .file("AGENTS.md"), .file("fleet.yaml"),
        ]
        for item in extra {
            if item.hasSuffix("/") {
                paths.append(.directory(String(item.dropLast())))
                continue
            }
            var st = stat()
            let isFile = lstat(root + "/" + item, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
            paths.append(isFile ? .file(item) : .directory(item))
        }
        var seen = Set<WatchPath>()
        return paths.filter { seen.insert($0).inserted }
    }

    /// The path in canonical form (no `./`, no trailing `/`), or why it cannot be watched.
    func normalized() throws(WatchError) -> WatchPath {
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        while p.hasSuffix("/") { p.removeLast() }
        if p == "." { p = "" }
        guard !p.hasPrefix("/") else { throw .invalidPath(path: path, reason: "it is absolute") }
        let parts = p.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.contains(where: { $0 == ".." || $0 == "." || ($0.isEmpty && !p.isEmpty) }) else {
            throw .invalidPath(path: path, reason: "it contains '.', '..' or an empty component")
        }
        switch self {
        case .directory: return .directory(p)
        case .file:
            guard !p.isEmpty else { throw .invalidPath(path: path, reason: "a file path is empty") }
            return .file(p)
        }
    }
}

/// Which repo-relative paths matter, derived once from the watch paths.
///
/// *Covered* paths belong to the snapshot (inside a directory root, or exactly a file root). *Anchor*
/// directories are strict ancestors of a root: they are watched without recursion so a missing root is seen
/// the moment it is created, and a deleted root can be re-armed.
struct PathInterest: Sendable {
    let directories: [String]
    let files: Set<String>
    let anchors: Set<String>

    init(_ paths: [WatchPath]) {
        directories = paths.compactMap { if case .directory(let p) = $0 { p } else { nil } }
        files = Set(paths.compactMap { if case .file(let p) = $0 { p } else { nil } })
        var anchors = Set<String>()
        for p in paths.map(\.path) where !p.isEmpty {
            anchors.insert("")
            var prefix = ""
            for part in p.split(separator: "/").dropLast() {
                prefix = prefix.isEmpty ? String(part) : prefix + "/" + part
                anchors.insert(prefix)
            }
        }
        self.anchors = anchors
    }

    /// Whether `path` is inside a directory root or is a file root.
    func covers(_ path: String) -> Bool {
        if files.contains(path) { return true }
        return directories.contains { $0.isEmpty || path == $0 || path.hasPrefix($0 + "/") }
    }

    /// Whether `path` is a directory the watcher must descend into (covered, or an ancestor of a root).
    func descends(into path: String) -> Bool {
        anchors.contains(path) || directories.contains { $0.isEmpty || path == $0 || path.hasPrefix($0 + "/") }
    }
}

/// `parent/name` for repo-relative paths, where the root is `""`.
func joinPath(_ parent: String, _ name: String) -> String {
    parent.isEmpty ? name : parent + "/" + name
}

/// Whether repo-relative `path` is `dir` or below it (`""` contains everything).
func isPath(_ path: String, under dir: String) -> Bool {
    dir.isEmpty || path == dir || path.hasPrefix(dir + "/")
}
