import Foundation

/// A script for `axon run NAME`: `src/scripts/NAME` or `src/scripts/NAME.*`, else the same in `.agents/scripts/`.
public struct Script: Sendable, Equatable {
    public let name: String
    /// Absolute path of the file.
    public let path: String

    /// The directories searched, repo-relative, in order.
    public static let directories = ["src/scripts", ".agents/scripts"]

    /// Finds script `name` in `workspace`.
    /// - Throws: `.noSuchScript` listing what exists, `.ambiguousScript` listing the candidates.
    public static func find(_ name: String, in workspace: Workspace) throws(RuntimeError) -> Script {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
            throw .noSuchScript(name, available: available(in: workspace))
        }
        for dir in directories {
            let files = entries(workspace.root + "/" + dir)
            let matches = files.filter { $0 == name || $0.hasPrefix(name + ".") }
            if matches.count > 1 { throw .ambiguousScript(name, candidates: matches.map { dir + "/" + $0 }) }
            if let match = matches.first { return Script(name: name, path: workspace.root + "/" + dir + "/" + match) }
        }
        throw .noSuchScript(name, available: available(in: workspace))
    }

    /// Every script name either directory offers (README files excluded), sorted, without duplicates.
    public static func available(in workspace: Workspace) -> [String] {
        var names = Set<String>()
        for dir in directories {
            for file in entries(workspace.root + "/" + dir) where !file.lowercased().hasPrefix("readme") {
                names.insert(file.split(separator: ".", maxSplits: 1).first.map(String.init) ?? file)
            }
        }
        return names.sorted()
    }

    static func entries(_ dir: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { name in
            var isDir: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: dir + "/" + name, isDirectory: &isDir)
                && !isDir.boolValue
        }.sorted()
    }

    /// The argv that runs this script: the file itself when executable, else its `#!` interpreter, else `/bin/sh`.
    public func command(arguments: [String]) -> [String] {
        if access(path, X_OK) == 0, Self.isDirectlyExecutable(path) { return [path] + arguments }
        if let shebang = Self.shebang(path) { return shebang + [path] + arguments }
        return ["/bin/sh", path] + arguments
    }

    /// True for a `#!` script or an ELF binary (what the kernel runs itself).
    static func isDirectlyExecutable(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)) ?? Data()
        return head.starts(with: Array("#!".utf8)) || head.starts(with: [0x7F, 0x45, 0x4C, 0x46])
    }

    /// `#!/usr/bin/env python3` → ["/usr/bin/env", "python3"]; nil without a `#!` line.
    static func shebang(_ path: String) -> [String]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 256)) ?? Data()
        guard head.starts(with: Array("#!".utf8)) else { return nil }
        let line = String(decoding: head.dropFirst(2).prefix { $0 != 0x0A }, as: UTF8.self)
        let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let interpreter = parts.first else { return nil }
        // Like Linux: everything after the interpreter is one argument.
        let rest = parts.dropFirst().joined(separator: " ")
        return rest.isEmpty ? [interpreter] : [interpreter, rest]
    }
}
