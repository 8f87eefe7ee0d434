import AxonCore
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Walks the watched part of the tree under one directory without following symlinks.
///
/// `arm` is called for each directory *before* its entries are read: watches are established first, then
/// the directory is listed, so a file created between the two is either listed or reported by an event
/// (the `mkdir -p a/b/c && echo > a/b/c/f` race). Only paths the ``PathInterest`` descends into are
/// visited; ignored names are skipped; unreadable directories are skipped (and reported in `unreadable`).
struct TreeScanner {
    struct Result {
        /// Regular files found (repo-relative) with their lstat signature.
        var files: [String: StatSignature] = [:]
        /// Directories visited (repo-relative).
        var directories: Set<String> = []
        var unreadable: [String] = []
    }

    let root: String
    let interest: PathInterest
    let ignore: IgnoreRules

    /// Scans `dir` (repo-relative); `arm` may throw to abort (the watch limit was hit).
    func scan<E: Error>(_ dir: String, arm: (String) throws(E) -> Void) throws(E) -> Result {
        var result = Result()
        guard case .directory = FileKind.of(absolute(dir)) else { return result }
        var pending = [dir]
        while let current = pending.popLast() {
            try arm(current)
            result.directories.insert(current)
            guard let handle = opendir(absolute(current)) else {
                result.unreadable.append(current)
                continue
            }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                guard let name = entryName(entry), name != ".", name != ".." else { continue }
                let child = joinPath(current, name)
                guard !ignore.ignores(child, name: name[...]) else { continue }
                switch FileKind.of(absolute(child)) {
                case .directory where interest.descends(into: child):
                    pending.append(child)
                case .regular(let signature) where interest.covers(child):
                    result.files[child] = signature
                default:
                    break
                }
            }
        }
        return result
    }

    func absolute(_ relative: String) -> String {
        relative.isEmpty ? root : root + "/" + relative
    }

    /// The entry's name, or nil when it is not valid UTF-8 (such files are not part of any snapshot).
    private func entryName(_ entry: UnsafeMutablePointer<dirent>) -> String? {
        withUnsafeBytes(of: &entry.pointee.d_name) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(validating: bytes, as: UTF8.self)
        }
    }
}
