#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a trace could not be written, read or found.
///
/// Each description is one sentence that ends with what to do about it. Errno values carry the system's
/// `strerror` text.
public enum TraceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed; `operation` names it (`open`, `write`, `fsync`, …).
    case io(path: String, operation: String, errno: Int32)
    /// A write hit ENOSPC (or EDQUOT). The partial write was rolled back; the writer refuses further lines.
    case diskFull(path: String)
    /// A line that is not the torn last line failed to parse. `line` is 1-based.
    case malformed(path: String, line: Int, message: String)
    /// The writer was closed (or failed earlier and is unusable).
    case closed(path: String)
    /// A line has a schema version newer than this build reads.
    case unsupportedVersion(path: String, line: Int, version: Int)
    /// Another process (or writer) holds the trace's lock: the session is live elsewhere.
    case locked(path: String)
    /// No session id matches.
    case notFound(id: String, directory: String)
    /// A prefix matches several sessions.
    case ambiguous(prefix: String, candidates: [String])

    public var description: String {
        switch self {
        case .io(let path, let op, let errno):
            "\(op) \(path) failed: \(Self.text(errno)) (errno \(errno)); check the path, its permissions and free space."
        case .diskFull(let path):
            "Disk full writing \(path); the trace is intact up to the last committed line: free space, then start a new session."
        case .malformed(let path, let line, let message):
            "\(path):\(line): malformed trace line (\(message)); the file was edited or damaged: restore it or move it aside."
        case .closed(let path):
            "The trace writer for \(path) is closed or failed earlier; open a new writer (a new session) to keep tracing."
        case .unsupportedVersion(let path, let line, let version):
            "\(path):\(line): trace schema version \(version) is newer than this axon reads (\(TraceRecord.currentVersion)); upgrade axon to read it."
        case .locked(let path):
            "\(path) is locked by a live session; stop that session or use another session id."
        case .notFound(let id, let directory):
            "No session matches \(id) in \(directory); run `axon sessions` to list the sessions."
        case .ambiguous(let prefix, let candidates):
            "Session prefix \(prefix) matches \(candidates.count) sessions; type more characters of the id, or `last` "
                + "for the newest. Newest first:\n  " + candidates.prefix(10).joined(separator: "\n  ")
                + (candidates.count > 10 ? "\n  … and \(candidates.count - 10) more (axon sessions)" : "")
        }
    }

    static func text(_ errno: Int32) -> String {
        guard let p = strerror(errno) else { return "error \(errno)" }
        return String(cString: p)
    }
}
