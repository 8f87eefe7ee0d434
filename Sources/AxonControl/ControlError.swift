#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What went wrong on a control socket or with a control line.
public enum ControlError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A line that is not a valid protocol line; `code` is what the server answers with.
    case malformed(code: String, reason: String)
    /// A POSIX call on the socket failed.
    case socket(operation: String, path: String, errno: Int32)
    /// The socket directory is not ours (wrong owner, not a directory, or a symlink).
    case unsafeDirectory(path: String)
    /// The peer closed the connection before answering.
    case closed(path: String)

    /// The stable wire code of a malformed line (`bad_json`, `unsupported_version`, `unknown_type`, `bad_request`).
    public var code: String {
        switch self {
        case .malformed(let code, _): code
        case .socket: "socket"
        case .unsafeDirectory: "unsafe_directory"
        case .closed: "closed"
        }
    }

    public var description: String {
        switch self {
        case .malformed(_, let reason): "bad control line: \(reason)"
        case .socket(let operation, let path, let code):
            "\(operation) on control socket \(path) failed: \(String(cString: strerror(code))) (errno \(code))"
                + (code == ECONNREFUSED || code == ENOENT
                    ? "; the session has ended (start the script again with 'axon run NAME')" : "")
        case .unsafeDirectory(let path):
            "\(path) is not a private directory of this user; remove it or set TMPDIR elsewhere"
        case .closed(let path): "the session behind \(path) closed the connection before the request ended"
        }
    }
}
