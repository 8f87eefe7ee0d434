import AxonCore
import AxonPolicy
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// list_files and search_files (docs/tools.md). Both walk without following symlinked directories, skip
/// `.git`, `.axon` and git-ignored paths when recursive, and show only what the agent's policy lets it read.
enum DirectoryTools {
    static let maxEntries = 1000
    static let maxMatches = 200
    static let maxSearchBytes = 1024 * 1024

    static let listFiles = Tool.blocking(
        name: "list_files",
        description: """
            List files of the repository. Without `glob`: the entries of directory `path` (default: the repo \
            root), directories marked with a trailing '/'. With `glob` (gitignore-style, e.g. '**/*.swift', \
            '*.md'): every file under `path` whose repo-relative path matches. At most 1000 entries.
            """,
        schema: Tool.schema(
            [
                ("path", "string", "Repo-relative directory (default: the repo root)."),
                ("glob", "string", "gitignore-style glob on repo-relative paths; makes the listing recursive."),
            ], required: [])
    ) { (args: ToolArguments, box: ToolBox) throws(ToolFailure) -> String in
        let shown = args.optionalString("path") ?? "."
        let dir = try box.confine(shown)
        var entries: [String] = []
        var more = 0
        if let pattern = args.optionalString("glob") {
            let glob = Glob(pattern)
            walk(dir, box.policy) { relative, _ in
                guard glob.matches(relative, isDirectory: false) else { return true }
                if entries.count < maxEntries { entries.append(relative) } else { more += 1 }
                return true
            }
        } else {
            guard isDirectory(dir.absolute) else {
                if box.policy.allows(dir.relative, isDirectory: false, for: .read), exists(dir.absolute) {
                    return dir.relative
                }
                throw ToolFailure("\(shown) is not a directory of the repository")
            }
            for (name, isDir) in children(of: dir.absolute) {
                let relative = dir.relative.isEmpty ? name : dir.relative + "/" + name
                guard box.policy.allows(relative, isDirectory: isDir, for: .read) else { continue }
                if entries.count < maxEntries { entries.append(isDir ? name + "/" : name) } else { more += 1 }
            }
        }
        if entries.isEmpty { return "(no files)" }
        return entries.joined(separator: "\n") + (more > 0 ? "\n[truncated: \(more) more entries]" : "")
    }

    static let searchFiles = Tool.blocking(
        name: "search_files",
        description: """
            Search the text files under `path` (default: the whole repo) for lines containing `pattern` \
            (a plain, case-sensitive substring, not a regex). `glob` limits the files searched. Binary files \
            and files over 1 MiB are skipped. Results: 'path:line: text', at most 200.
            """,
        schema: Tool.schema(
            [
                ("pattern", "string", "The text to find (plain substring, case-sensitive)."),
                ("path", "string", "Repo-relative directory or file to search (default: the repo root)."),
                ("glob", "string", "gitignore-style glob on repo-relative paths, e.g. '*.swift'."),
            ], required: ["pattern"])
    ) { (args: ToolArguments, box: ToolBox) throws(ToolFailure) -> String in
        let pattern = args.string("pattern")
        guard !pattern.isEmpty else { throw ToolFailure("pattern is empty; give the text to search for") }
        let shown = args.optionalString("path") ?? "."
        let dir = try box.confine(shown)
        let glob = args.optionalString("glob").map(Glob.init)
        var matches: [String] = []
        var more = 0
        let search = { (relative: String, absolute: String) in
            guard glob?.matches(relative, isDirectory: false) ?? true,
                let data = try? FileAccess.read(absolute, shown: relative), data.count <= maxSearchBytes,
                !data.contains(0), let text = String(data: data, encoding: .utf8)
            else { return }
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(pattern) {
                if matches.count < maxMatches {
                    matches.append("\(relative):\(n + 1): \(line.prefix(300))")
                } else {
                    more += 1
                }
            }
        }
        if isDirectory(dir.absolute) {
            walk(dir, box.policy) { relative, absolute in
                search(relative, absolute)
                return true
            }
        } else if box.policy.allows(dir.relative, isDirectory: false, for: .read) {
            search(dir.relative, dir.absolute)
        }
        if matches.isEmpty { return "(no matches)" }
        return matches.joined(separator: "\n") + (more > 0 ? "\n[truncated: \(more) more matches]" : "")
    }

    /// Visits every readable regular file under `dir` (repo-relative and absolute path), depth first in name
    /// order, not following symlinked directories, skipping `.git`, `.axon` and what the repo's root
    /// `.gitignore` ignores (unless `dir` itself is ignored: asking for it by name searches it); stops at
    /// 100 000 files.
    static func walk(_ dir: PathPolicy.Resolved, _ policy: PathPolicy, _ visit: (String, String) -> Bool) {
        var ignored = gitignore(root: policy.root)
        if ignored.contains(where: { $0.matches(dir.relative, isDirectory: true) }) { ignored = [] }
        var stack = [(dir.absolute, dir.relative)]
        var seen = 0
        while let (absolute, relative) = stack.popLast() {
            var subdirectories: [(String, String)] = []
            for (name, isDir) in children(of: absolute) where name != ".git" && name != ".axon" {
                let childRelative = relative.isEmpty ? name : relative + "/" + name
                let childAbsolute = absolute + "/" + name
                if ignored.contains(where: { $0.matches(childRelative, isDirectory: isDir) }) { continue }
                if isDir {
                    // Descend even where the directory itself is not readable: `read: [data/**]` covers files
                    // below `data` only. Files are filtered one by one.
                    subdirectories.append((childAbsolute, childRelative))
                    continue
                }
                guard policy.allows(childRelative, isDirectory: false, for: .read) else { continue }
                seen += 1
                if seen > 100_000 || !visit(childRelative, childAbsolute) { return }
            }
            stack.append(contentsOf: subdirectories.reversed())
        }
    }

    /// The plain patterns of the repo's root `.gitignore` (comments, blank lines and `!` negations skipped).
    static func gitignore(root: String) -> [Glob] {
        guard let text = try? String(contentsOfFile: root + "/.gitignore", encoding: .utf8) else { return [] }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") && !$0.hasPrefix("!") }.map(Glob.init)
    }

    /// The entries of a directory, sorted, with whether each is a real (not symlinked) directory.
    static func children(of absolute: String) -> [(String, Bool)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: absolute)) ?? []
        return names.sorted().map { name in
            var info = stat()
            let isDir = lstat(absolute + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            return (name, isDir)
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }
}
