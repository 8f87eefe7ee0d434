#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The plain file system calls several modules share. Each returns or throws the raw errno, which the calling
/// module turns into its own error type at its boundary.
public enum POSIX {
    /// A failed call: which one, on what, and errno.
    public struct Failure: Error, Sendable, Equatable {
        public var path: String
        public var operation: String
        public var errno: Int32
        public init(path: String, operation: String, errno: Int32) {
            self.path = path
            self.operation = operation
            self.errno = errno
        }

        /// The reason in words, for messages: `permission denied`, `is a directory`, `no such file or directory`.
        public var reason: String { POSIX.reason(errno) }
    }

    /// The system's text for `code`, lowercased to sit inside a sentence (`fleet.yaml: permission denied`).
    public static func reason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        let words = String(cString: text)
        return words.prefix(1).lowercased() + words.dropFirst()
    }

    /// Reads the whole regular file at `path`. A directory is refused with EISDIR at once (not at the first
    /// `read`), and a FIFO with EINVAL instead of blocking the caller.
    public static func readFile(_ path: String) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw Failure(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Failure(path: path, operation: "fstat", errno: errno) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw Failure(path: path, operation: "read", errno: EISDIR)
        default: throw Failure(path: path, operation: "read", errno: EINVAL)
        }
        // One byte past the size, so that the read seeing end of file needs no growth; files of /proc report
        // size 0 and grow in pages. (An array appended to an array is a copy; `repeatElement` went element by
        // element, and the supervisor's sweep of /proc spent most of its time there.)
        var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0) + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes += [UInt8](repeating: 0, count: max(4096, bytes.count / 2)) }
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, operation: "read", errno: errno)
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// `mkdir -p`: creates `path` and any missing parents (mode 0755).
    public static func makeDirectories(_ path: String) throws(Failure) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw Failure(path: prefix, operation: "mkdir", errno: errno)
            }
        }
    }

    /// Replaces the file at `path` with `bytes` all at once (a temp file beside it, renamed over it): a reader
    /// sees the old content or the new, never part of it. Not fsynced: it survives the writer's crash, not the
    /// machine's. The temp file's name (`.NAME.axon-tmp-PID`) is one the watcher ignores.
    public static func replaceFile(_ path: String, with bytes: [UInt8]) throws(Failure) {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let temp = "\(path[..<slash]).\(path[slash...]).axon-tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(path: temp, operation: "open", errno: errno) }
        let failed = bytes.withUnsafeBytes { writeAll(fd, $0) }
        close(fd)
        if let failed {
            unlink(temp)
            throw Failure(path: temp, operation: "write", errno: failed)
        }
        guard rename(temp, path) == 0 else {
            let code = errno
            unlink(temp)
            throw Failure(path: path, operation: "rename", errno: code)
        }
    }

    /// Writes all of `bytes`, retrying short writes and EINTR. On failure returns the errno; some prefix of
    /// `bytes` may have reached the file, which the caller must roll back if it matters.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if n == 0 { return EIO }
            offset += n
        }
        return nil
    }
}
