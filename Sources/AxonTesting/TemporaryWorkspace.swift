import Foundation

/// A throwaway repo under the system temp directory, seeded with files; removed by `remove()`.
public struct TemporaryWorkspace: Sendable {
    /// Absolute path of the repo root.
    public let path: String

    /// Creates the workspace with `files` (repo-relative path → content); parent directories are created.
    public init(files: [String: String] = [:], prefix: String = "axon-test") throws {
        var template = Array("\(NSTemporaryDirectory())/\(prefix)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        path = URL(fileURLWithPath: String(cString: made)).standardizedFileURL.path
        for (file, content) in files { try write(file, content) }
    }

    /// Writes `content` to the repo-relative `file`, creating directories.
    public func write(_ file: String, _ content: String) throws {
        let url = URL(fileURLWithPath: path + "/" + file)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content.utf8).write(to: url)
    }

    /// Writes `content` to `file` the way editors and agents publish: a hidden temp file beside it, renamed
    /// into place (a watcher sees one complete file, never a half-written one).
    public func publish(_ file: String, _ content: String) throws {
        let target = URL(fileURLWithPath: path + "/" + file)
        let temp = target.deletingLastPathComponent().appendingPathComponent("." + target.lastPathComponent + ".tmp")
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content.utf8).write(to: temp)
        guard rename(temp.path, target.path) == 0 else { throw POSIXError(.EIO) }
    }

    /// The content of a repo-relative file.
    public func read(_ file: String) throws -> String {
        try String(decoding: Data(contentsOf: URL(fileURLWithPath: path + "/" + file)), as: UTF8.self)
    }

    public var sessionsDirectory: String { path + "/data/sessions" }

    /// The trace files, sorted (session ids sort by start time).
    public func traceFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: sessionsDirectory)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.sorted().map { sessionsDirectory + "/" + $0 }
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
