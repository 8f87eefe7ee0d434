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
