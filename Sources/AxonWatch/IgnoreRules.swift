/// What the watcher never looks at.
///
/// Editor artefacts and temp files are ignored so a save is seen once, when the real file is in place.
/// `.git/`, `.axon/` (runtime state) and `data/sessions/` (traces, appended constantly) are never watched at
/// all: watching them would spend watches and wake the watcher on every trace line.
public struct IgnoreRules: Sendable {
    /// Vim swap files, backups, vim's `4913` write probe, Emacs locks, `*.tmp-*` temp files, and axon's own
    /// atomic-write temp files (`.NAME.axon-tmp…`).
    public static let defaultNames = ["*.swp", "*.swx", "*~", "4913", ".#*", "*.tmp-*", ".*.axon-tmp*"]
    /// Directory names never entered, wherever they are.
    public static let directoryNames: Set<String> = [".git", ".axon"]
    /// Repo-relative directories never entered.
    public static let directoryPaths = ["data/sessions"]

    let names: [String]

    public init(extraNames: [String] = []) {
        names = Self.defaultNames + extraNames
    }

    /// Whether the repo-relative `path` (last component `name`) is ignored.
    public func ignores(_ path: String, name: Substring? = nil) -> Bool {
        let base = name ?? path.split(separator: "/").last ?? Substring(path)
        if Self.directoryNames.contains(String(base)) { return true }
        if Self.directoryPaths.contains(where: { isPath(path, under: $0) }) { return true }
        return names.contains { glob($0, matches: base) }
    }
}

/// Shell-style matching of `*` (any run of characters) against a whole name.
func glob(_ pattern: String, matches name: Substring) -> Bool {
    let parts = pattern.split(separator: "*", omittingEmptySubsequences: false)
    if parts.count == 1 { return pattern == name }
    var rest = name[...]
    guard rest.hasPrefix(parts[0]) else { return false }
    rest = rest.dropFirst(parts[0].count)
    for part in parts.dropFirst().dropLast() where !part.isEmpty {
        guard let r = rest.firstRange(of: part) else { return false }
        rest = rest[r.upperBound...]
    }
    let last = parts[parts.count - 1]
    return rest.count >= last.count && rest.hasSuffix(last)
}
