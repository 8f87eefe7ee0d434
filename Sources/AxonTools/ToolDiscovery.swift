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
    /// - Parameter unchanged: the catalog this scan replaces: a valid tool whose file has the same signature is
    ///   taken from it as it was (a reload costs the files that changed, not the whole directory).
    static func scan(root: String, directory: String, unchanged previous: ToolCatalog? = nil) -> (
        [ToolCatalog.Entry], [ConfigDiagnostic]
    ) {
        let absolute = root + "/" + directory
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: absolute)) ?? []).sorted()
        var entries: [ToolCatalog.Entry] = []
        var diagnostics: [ConfigDiagnostic] = []
        let reusable = Dictionary(
            (previous?.entries ?? []).filter { $0.signature != nil && $0.tool != nil && $0.error == nil }.map {
                ($0.source, $0)
            }, uniquingKeysWith: { first, _ in first })
        for file in names where isCandidate(file) {
            let path = absolute + "/" + file
            // Follows symlinks, as the run does; directories are not tools.
            var st = stat()
            guard stat(path, &st) == 0, (st.st_mode & S_IFMT) != S_IFDIR else { continue }
            let signature = StatSignature(st)
            let source = directory + "/" + file
            if var kept = reusable[source], kept.signature == signature {
                // Resolution and review decide its status again.
                kept.status = .active
                entries.append(kept)
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
