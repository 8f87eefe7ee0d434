public import AxonConfig
import AxonWatch
import Foundation

/// The repo an axon command works on, and where each of its parts lives.
public struct Workspace: Sendable, Equatable {
    /// Absolute path of the repo root.
    public let root: String

    public init(root: String) {
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    public var fleetFile: String { root + "/fleet.yaml" }
    public var sessionsDirectory: String { root + "/data/sessions" }
    public var knowledgeDirectory: String { root + "/data/knowledge" }
    /// Runtime state that is not history: locks, pids, sockets, logs.
    public var stateDirectory: String { root + "/.axon" }

    /// The repo's fleet, validated; the built-in fleet when there is no fleet.yaml. Diagnostics name
    /// `fleet.yaml` relative to the repo root.
    public func loadFleet() throws(ConfigError) -> FleetConfig {
        try FleetLoader.load(path: fleetFile, displayPath: "fleet.yaml")
    }

    /// A message or path that starts with a path inside the repo, with that path made repo-relative
    /// (`data/sessions/X.jsonl:5: …`); anything else unchanged.
    public func relative(_ text: String) -> String {
        text.hasPrefix(root + "/") ? String(text.dropFirst(root.count + 1)) : text
    }

    /// Whether `path` (repo-relative, or absolute inside the repo) is one the hot-load watcher covers: the tool
    /// folders, `.agents/`, `data/knowledge/`, `src/boot.md`, `AGENTS.md`.
    public func isHotLoadPath(_ path: String) -> Bool {
        var relative = self.relative(path)
        while relative.hasPrefix("./") { relative.removeFirst(2) }
        return WatchPath.workspaceRoots(root: root).contains { watched in
            switch watched {
            case .directory(let d): relative.hasPrefix(d + "/")
            case .file(let f): relative == f
            }
        }
    }

    /// `path` made absolute against the repo root (it is already absolute when it starts with `/`).
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : root + "/" + path
    }

    /// The workspace a command uses: `explicit` (the `--repo` flag), else `AXON_REPO`, else the nearest
    /// directory from `cwd` upwards holding a `fleet.yaml`, else `cwd` itself.
    public static func locate(explicit: String?, environment: [String: String], cwd: String) throws(RuntimeError)
        -> Workspace
    {
        if let given = explicit ?? environment["AXON_REPO"] {
            let absolute = given.hasPrefix("/") ? given : cwd + "/" + given
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory.boolValue
            else { throw .noSuchRepo(path: given) }
            return Workspace(root: URL(fileURLWithPath: absolute).standardizedFileURL.path)
        }
        var dir = URL(fileURLWithPath: cwd).standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: dir.path + "/fleet.yaml") { return Workspace(root: dir.path) }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return Workspace(root: URL(fileURLWithPath: cwd).standardizedFileURL.path)
    }
}
