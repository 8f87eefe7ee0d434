public import AxonConfig

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An agent's file policy, bound to one repository: resolves a path a tool was given and decides whether the
/// agent may read or write it (docs/policy.md).
///
/// Resolution is lexical first (`.`/`..` folded; absolute paths accepted), then the longest existing prefix is
/// resolved with `realpath(3)` (symlinks followed) and the rest appended, so the checked path is the path the
/// tool then uses. The result must stay inside the repository's real root; `.git` is always refused; `deny`
/// beats `read`/`write`; `create_tools: false` refuses writes into `src/tools/` and `.agents/tools/`; the tool
/// provenance record (`data/provenance.jsonl`) is never writable.
public struct PathPolicy: Sendable {
    public enum Access: Sendable { case read, write }

    /// The repository root with symlinks resolved.
    public let root: String
    public let spec: PolicySpec
    let read: [Glob]
    let write: [Glob]
    let deny: [Glob]
    /// Tool directories that `create_tools: false` keeps read-only.
    public static let toolDirectories = ["src/tools", ".agents/tools"]
    /// axon's record of who wrote each tool file and which versions a human approved (repo-relative). No agent
    /// writes it, whatever its globs say: an agent that could append an `approve` line would review itself.
    public static let provenanceFile = "data/provenance.jsonl"

    public init(root: String, spec: PolicySpec) {
        self.root = Self.realPath(root) ?? root
        self.spec = spec
        read = spec.read.map(Glob.init)
        write = spec.write.map(Glob.init)
        deny = spec.deny.map(Glob.init)
    }

    /// A path the policy allowed: absolute (real) and repo-relative ("" for the root itself).
    public struct Resolved: Sendable, Equatable {
        public var absolute: String
        public var relative: String
    }

    /// Resolves `path` (repo-relative or absolute) and checks it for `access`.
    public func check(_ path: String, for access: Access) throws(PolicyError) -> Resolved {
        let resolved = try resolve(path)
        try permit(resolved.relative, isDirectory: Self.isDirectory(resolved.absolute), for: access, shown: path)
        return resolved
    }

    /// Resolves `path` and checks confinement only (inside the repo, not `.git`, not denied): for a directory
    /// that is listed or searched, whose entries are then filtered with `allows`.
    public func confine(_ path: String) throws(PolicyError) -> Resolved {
        let resolved = try resolve(path)
        if let glob = deny.first(where: { $0.matches(resolved.relative, isDirectory: true) }) {
            throw PolicyError(path: path, reason: .denied(glob: glob.pattern))
        }
        return resolved
    }

    /// Whether `relative` (already resolved, repo-relative) may be accessed.
    public func allows(_ relative: String, isDirectory: Bool, for access: Access) -> Bool {
        (try? permit(relative, isDirectory: isDirectory, for: access, shown: relative)) != nil
    }

    func permit(_ relative: String, isDirectory: Bool, for access: Access, shown: String) throws(PolicyError) {
        let parts = relative.split(separator: "/")
        if parts.contains(".git") { throw PolicyError(path: shown, reason: .gitDirectory) }
        if let glob = deny.first(where: { $0.matches(relative, isDirectory: isDirectory) }) {
            throw PolicyError(path: shown, reason: .denied(glob: glob.pattern))
        }
        switch access {
        case .read:
            if relative.isEmpty { return }
            guard read.contains(where: { $0.matches(relative, isDirectory: isDirectory) }) else {
                throw PolicyError(path: shown, reason: .notReadable)
            }
        case .write:
            if relative == Self.provenanceFile { throw PolicyError(path: shown, reason: .provenanceFile) }
            if !spec.createTools,
                Self.toolDirectories.contains(where: { relative == $0 || relative.hasPrefix($0 + "/") })
            {
                throw PolicyError(path: shown, reason: .toolsDirectory)
            }
            guard !relative.isEmpty, write.contains(where: { $0.matches(relative, isDirectory: isDirectory) }) else {
                throw PolicyError(path: shown, reason: .notWritable)
            }
        }
    }

    /// The real absolute path of `path` and its repo-relative form; refuses anything outside the repo.
    public func resolve(_ path: String) throws(PolicyError) -> Resolved {
        guard !path.contains("\0") else { throw PolicyError(path: path, reason: .invalidPath) }
        let joined = path.hasPrefix("/") ? path : root + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if parts.popLast() == nil { throw PolicyError(path: path, reason: .outsideRepo) }
                continue
            }
            parts.append(part)
        }
        // The longest existing prefix, resolved through symlinks; the rest does not exist yet.
        var split = parts.count
        var base: String?
        while split >= 0 {
            let prefix = "/" + parts[..<split].joined(separator: "/")
            if let real = Self.realPath(prefix) {
                base = real
                break
            }
            split -= 1
        }
        guard var absolute = base else { throw PolicyError(path: path, reason: .invalidPath) }
        if split < parts.count {
            // A component that exists but does not resolve is a dangling symlink: it could point anywhere.
            var info = stat()
            if lstat("/" + parts[...split].joined(separator: "/"), &info) == 0 {
                throw PolicyError(path: path, reason: .outsideRepo)
            }
        }
        for part in parts[split...] { absolute += (absolute.hasSuffix("/") ? "" : "/") + part }
        if absolute == root { return Resolved(absolute: absolute, relative: "") }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard absolute.hasPrefix(prefix) else { throw PolicyError(path: path, reason: .outsideRepo) }
        return Resolved(absolute: absolute, relative: String(absolute.dropFirst(prefix.count)))
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
