import AxonProcess
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
        (Executable.command(for: path) ?? ["/bin/sh", path]) + arguments
    }
}
