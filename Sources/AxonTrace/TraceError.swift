/// Why a trace could not be written or read.
public enum TraceError: Error, Sendable, Equatable, CustomStringConvertible {
    case io(path: String, operation: String, errno: Int32)
    case diskFull(path: String)
    case malformed(path: String, line: Int, message: String)
    case closed(path: String)

    public var description: String {
        switch self {
        case .io(let path, let op, let errno): "\(op) \(path) failed (errno \(errno))"
        case .diskFull(let path): "disk full writing \(path): free space, then retry; the trace is intact up to the last completed request"
        case .malformed(let path, let line, let message): "\(path):\(line): malformed trace line: \(message)"
        case .closed(let path): "trace \(path) is closed"
        }
    }
}
