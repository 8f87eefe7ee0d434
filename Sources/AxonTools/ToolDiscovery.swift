import AxonConfig
import AxonCore
import Foundation

/// Finds the executable tools of one directory: every regular file (not a directory, not hidden, not
/// `_helper`, not README, not an editor's backup) is a tool candidate; its manifest is read from its first
/// 64 KiB.
enum ToolDiscovery {
    /// How much of a file is read for its manifest (it sits at the top).
    static let headBytes = 64 * 1024

    /// The candidates in `directory` (repo-relative) of `root`, in name order, and the broken manifests.
    /// - Parameters:
    ///   - unchanged: the catalog this scan replaces: a valid tool whose file has the same signature is taken
    ///     from it as it was (a reload costs the files that changed, not the whole directory).
    ///   - changed: the repo-relative paths known to have changed since `unchanged` was read (a watcher's
    ///     snapshot), when known: then the directory is not listed and the other files are not even `stat`ed.
    static func scan(
        root: String, directory: String, unchanged previous: ToolCatalog? = nil, changed: Set<String>? = nil
    ) -> ([ToolCatalog.Entry], [ConfigDiagnostic]) {
        let absolute = root + "/" + directory
        let names: [String]
        if let previous, let changed {
            // The files the previous scan saw, and those that appeared since.
            var known = Set(previous.entries.compactMap { name(of: $0.source, in: directory) })
            for path in changed { if let file = name(of: path, in: directory) { known.insert(file) } }
            names = known.sorted()
        } else {
            names = ((try? FileManager.default.contentsOfDirectory(atPath: absolute)) ?? []).sorted()
        }
        var entries: [ToolCatalog.Entry] = []
        var diagnostics: [ConfigDiagnostic] = []
        // Positions, not copies: an entry is large, and most of them are reused unchanged.
        let old = previous?.entries ?? []
        var reusable: [String: Int] = [:]
        for (i, entry) in old.enumerated()
        where entry.signature != nil && entry.tool != nil && entry.error == nil && reusable[entry.source] == nil {
            reusable[entry.source] = i
        }
        for file in names where isCandidate(file) {
            let path = absolute + "/" + file
            let source = directory + "/" + file
            if let changed, !changed.contains(source), let kept = reusable[source] {
                entries.append(old[kept].reused)
                continue
            }
            // Follows symlinks, as the run does; directories are not tools.
            var st = stat()
            guard stat(path, &st) == 0, (st.st_mode & S_IFMT) != S_IFDIR else { continue }
            let signature = StatSignature(st)
            if let kept = reusable[source], old[kept].signature == signature {
                entries.append(old[kept].reused)
                continue
            }
            let stem = file.split(separator: ".", maxSplits: 1).first.map(String.init) ?? file
            // The whole file, not the manifest's head: what a review approves is every byte that will run.
            let hash = FileAccess.sha256(contentsOf: path)
            func invalid(_ diagnostic: ConfigDiagnostic, name: String?) {
                diagnostics.append(diagnostic)
                entries.append(
                    ToolCatalog.Entry(
                        name: name ?? stem, kind: .executable, source: source, status: .invalid,
                        error: diagnostic.description, tool: nil, hash: hash))
            }
            guard let head = read(path) else {
                invalid(
                    ConfigDiagnostic(file: source, line: 1, column: 1, message: "cannot read the file"), name: nil)
                continue
            }
            switch ToolManifest.parse(head, file: source) {
            case .manifest(let manifest):
                var entry = ToolCatalog.Entry(active: ExecutableTool.make(manifest, path: path, source: source))
                entry.hash = hash
                entry.signature = signature
                entries.append(entry)
            case .invalid(let diagnostic, let name):
                invalid(diagnostic, name: name)
            case .none:
                invalid(
                    ConfigDiagnostic(
                        file: source, line: 1, column: 1,
                        message:
                            "no manifest: a tool starts with a comment block holding YAML between '---' lines "
                            + "(docs/tools.md); name helper files _NAME to keep them out of the catalog"),
                    name: nil)
            }
        }
        return (entries, diagnostics)
    }

    /// The file name of `path` when it is directly in `directory` (repo-relative both).
    private static func name(of path: String, in directory: String) -> String? {
        guard path.hasPrefix(directory + "/") else { return nil }
        let file = path.dropFirst(directory.count + 1)
        return file.isEmpty || file.utf8.contains(UInt8(ascii: "/")) ? nil : String(file)
    }

    /// Hidden files, `_helpers`, READMEs and editor backups are not tools.
    static func isCandidate(_ file: String) -> Bool {
        !file.hasPrefix(".") && !file.hasPrefix("_") && !file.lowercased().hasPrefix("readme")
            && !file.hasSuffix("~") && !file.hasSuffix(".swp")
    }

    /// The file's first `headBytes` as text (invalid UTF-8 repaired); a cut multi-byte character at the end
    /// only affects text far below any manifest.
    private static func read(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: headBytes) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

extension ToolCatalog.Entry {
    /// This entry taken into a new scan as it was: resolution and review decide its status again.
    fileprivate var reused: Self {
        var entry = self
        entry.status = .active
        return entry
    }
}
