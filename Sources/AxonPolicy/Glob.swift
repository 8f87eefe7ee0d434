#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One gitignore-style glob over repo-relative paths (docs/policy.md).
///
/// - `*` matches within one path segment, `?` one character, `[...]` a class (`[!...]` negates), `\` escapes;
/// - `**` as a whole segment matches any number of segments (`a/**` needs at least one below `a`);
/// - a leading `/`, or a `/` in the middle, anchors the glob at the repo root; otherwise it matches at any depth
///   (`*.md` is `**/*.md`);
/// - a trailing `/` matches directories only;
/// - a glob that matches a directory also covers everything under it (as in `.gitignore`).
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    let segments: [String]
    let directoryOnly: Bool

    public init(_ pattern: String) {
        self.pattern = pattern
        var body = Substring(pattern)
        directoryOnly = body.count > 1 && body.hasSuffix("/")
        if directoryOnly { body = body.dropLast() }
        let anchored = body.hasPrefix("/") || body.dropLast().contains("/")
        if body.hasPrefix("/") { body = body.dropFirst() }
        var parts = body.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if !anchored { parts.insert("**", at: 0) }
        segments = parts
    }

    public var description: String { pattern }

    /// Whether the glob matches `path` (repo-relative, `/`-separated, no leading `/`) or one of its ancestors.
    public func matches(_ path: String, isDirectory: Bool) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if parts.isEmpty { return false }
        for end in 1...parts.count {
            let isDir = end < parts.count || isDirectory
            if directoryOnly && !isDir { continue }
            if Self.match(segments[...], parts[..<end]) { return true }
        }
        return false
    }

    private static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            // A trailing `**` needs at least one segment: `a/**` is what is inside `a`, not `a` itself.
            if rest.isEmpty { return !path.isEmpty }
            var tail = path
            while true {
                if match(rest, tail) { return true }
                if tail.isEmpty { return false }
                tail = tail.dropFirst()
            }
        }
        guard let segment = path.first, matchSegment(first, segment) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    /// `fnmatch(3)` on one segment: `*`, `?`, `[...]`, `\`; dot files are not special (as in gitignore).
    static func matchSegment(_ pattern: String, _ name: String) -> Bool {
        fnmatch(pattern, name, 0) == 0
    }
}
