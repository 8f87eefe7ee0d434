public import AxonCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a thread could not be resumed, indexed or leased.
public enum ThreadsError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidName(String)
    case io(path: String, operation: String, errno: Int32)
    /// The thread index has a damaged line that is not a torn tail.
    case corruptIndex(path: String, line: String)
    /// Another request holds the thread's lease past the timeout.
    case busy(thread: ThreadName, holder: LeaseHolder?, waitedMS: Int)
    case cancelled(thread: ThreadName)
    case notFound(ThreadName)

    public var description: String {
        switch self {
        case .invalidName(let name):
            "invalid thread name '\(name)': use letters, digits, '.', '_' and '-' (at most 128), starting with a "
                + "letter or digit"
        case .io(let path, let operation, let errno):
            "\(operation) \(path) failed: \(String(cString: strerror(errno)))"
        case .corruptIndex(let path, let line):
            "\(path) has a damaged line (\(line.prefix(80))); rebuild it from the traces with `axon threads --reindex`"
        case .busy(let thread, let holder, let waited):
            "thread '\(thread)' is busy: held by \(holder?.description ?? "another request of this process")"
                + "; gave up after \(waited) ms (raise --lease-timeout to wait longer)"
        case .cancelled(let thread): "cancelled while waiting for thread '\(thread)'"
        case .notFound(let thread): "no thread '\(thread)'; see `axon threads`"
        }
    }
}

extension ThreadName {
    /// Nil when the name is usable as a thread name (and so as a file name); otherwise why not.
    public static func validate(_ name: String) -> ThreadsError? {
        let bytes = Array(name.utf8)
        guard (1...128).contains(bytes.count) else { return .invalidName(name) }
        func ok(_ b: UInt8, first: Bool) -> Bool {
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
                || (!first && (b == 0x2E || b == 0x5F || b == 0x2D))
        }
        for (i, b) in bytes.enumerated() where !ok(b, first: i == 0) { return .invalidName(name) }
        return nil
    }
}
