import AxonTesting
import Foundation
import Synchronization

@testable import AxonWatch

/// A temp workspace, a watcher on it, and file operations done with plain syscalls (so each write produces
/// the events a real writer does).
struct WatchFixture {
    let workspace: TemporaryWorkspace
    var root: String { workspace.path }

    init(files: [String: String] = [:]) throws {
        workspace = try TemporaryWorkspace(files: files, prefix: "axon-watch")
    }

    /// Test options: short windows so tests are quick, reconcile off unless asked.
    static let fast = WatchOptions(
        quiet: .milliseconds(20), maxLatency: .milliseconds(150), settle: .milliseconds(150),
        reconcileInterval: nil, pollInterval: .milliseconds(50))

    func watcher(
        _ paths: [WatchPath] = [.directory("")], options: WatchOptions = fast,
        raw: @escaping @Sendable () throws -> any RawWatcher = { try Inotify() }
    ) throws -> Watcher<ContinuousClock> {
        try Watcher(
            root: root, paths: paths, options: options, clock: ContinuousClock(),
            makeRaw: raw)
    }

    func path(_ relative: String) -> String { root + "/" + relative }

    /// open(O_TRUNC) + write + close: one IN_CLOSE_WRITE.
    func write(_ relative: String, _ content: String) {
        let dir = (path(relative) as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let fd = open(path(relative), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        precondition(fd >= 0, "open \(relative): \(errno)")
        var bytes = Array(content.utf8)
        if !bytes.isEmpty { precondition(Foundation.write(fd, &bytes, bytes.count) == bytes.count) }
        close(fd)
    }

    /// The axon way: write `.NAME.axon-tmp-N` next to it, then rename over it.
    func atomicWrite(_ relative: String, _ content: String) {
        let name = (relative as NSString).lastPathComponent
        let dir = (relative as NSString).deletingLastPathComponent
        let temp = (dir.isEmpty ? "" : dir + "/") + ".\(name).axon-tmp-\(UInt32.random(in: 0...UInt32.max))"
        write(temp, content)
        precondition(rename(path(temp), path(relative)) == 0)
    }

    func mkdir(_ relative: String) {
        try! FileManager.default.createDirectory(atPath: path(relative), withIntermediateDirectories: true)
    }

    func remove(_ relative: String) {
        try? FileManager.default.removeItem(atPath: path(relative))
    }

    func move(_ from: String, _ to: String) {
        precondition(
            rename(from.hasPrefix("/") ? from : path(from), to.hasPrefix("/") ? to : path(to)) == 0, "rename \(errno)")
    }

    /// SHA-256 of the content as the watcher reports it.
    func hash(_ content: String) -> String {
        let temp = NSTemporaryDirectory() + "/axon-hash-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: temp, contents: Data(content.utf8))
        defer { try? FileManager.default.removeItem(atPath: temp) }
        guard case .hashed(let state, _) = FileHasher().hash(temp) else { fatalError("hash") }
        return state.hash
    }

    /// What the disk holds now, hashed: the reference a snapshot must equal.
    func diskState(_ paths: [WatchPath] = [.directory("")]) -> [String: String] {
        let scanner = TreeScanner(root: root, interest: PathInterest(paths), ignore: IgnoreRules())
        let hasher = FileHasher()
        var result: [String: String] = [:]
        for (path, _) in scanner.scan("", arm: { (_: String) throws(Never) in }).files {
            if case .hashed(let state, _) = hasher.hash(self.path(path)) { result[path] = state.hash }
        }
        return result
    }

    func cleanup() { workspace.remove() }
}

extension Watcher {
    /// Polls `current` until `predicate` holds or `timeout` passes; returns the snapshot that satisfied it.
    func waitFor(
        timeout: Duration = .seconds(5), _ predicate: (WatchSnapshot) -> Bool
    ) async -> WatchSnapshot? {
        let limit = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < limit {
            if let s = current, predicate(s) { return s }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return current.flatMap { predicate($0) ? $0 : nil }
    }

    /// Waits `duration` and returns the generation then (to check nothing was published).
    func generation(after duration: Duration) async -> UInt64 {
        try? await Task.sleep(for: duration)
        return current?.generation ?? 0
    }
}

extension WatchSnapshot {
    var hashes: [String: String] { files.mapValues(\.hash) }
}

/// Records every snapshot a consumer received (a fast consumer; latest-wins may still skip some).
final class SnapshotRecorder: Sendable {
    private let items = Mutex<[WatchSnapshot]>([])
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(_ sequence: SnapshotSequence) {
        let t = Task { [weak self] in
            for await snapshot in sequence { self?.items.withLock { $0.append(snapshot) } }
        }
        task.withLock { $0 = t }
    }

    var snapshots: [WatchSnapshot] { items.withLock { $0 } }
    func cancel() { task.withLock { $0?.cancel() } }
}
