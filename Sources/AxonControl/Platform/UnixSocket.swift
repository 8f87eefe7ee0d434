#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Thin POSIX wrappers for stream Unix-domain sockets. Every call here may block: call them only from the
/// control module's own threads, never from a task of the cooperative pool.
enum UnixSocket {
    static func make(path: String) throws(ControlError) -> (Int32, sockaddr_un) {
        #if canImport(Glibc)
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
            let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw .socket(operation: "socket", path: path, errno: errno) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count <= ControlSocketPath.maxLength else {
            close(fd)
            throw .socket(operation: "bind", path: path, errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        return (fd, address)
    }

    /// Binds and listens at `path`, replacing a stale socket left by a crashed session (one nobody answers on).
    static func listen(path: String) throws(ControlError) -> Int32 {
        var st = stat()
        if lstat(path, &st) == 0 {
            if let probe = try? connect(path: path) {
                close(probe)
                throw .socket(operation: "bind", path: path, errno: EADDRINUSE)
            }
            unlink(path)
        }
        var (fd, address) = try make(path: path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else {
            let e = errno
            close(fd)
            throw .socket(operation: "bind", path: path, errno: e)
        }
        chmod(path, 0o600)
        guard Glibc.listen(fd, 16) == 0 else {
            let e = errno
            close(fd)
            throw .socket(operation: "listen", path: path, errno: e)
        }
        return fd
    }

    static func connect(path: String) throws(ControlError) -> Int32 {
        var (fd, address) = try make(path: path)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard rc == 0 else {
            let e = errno
            close(fd)
            throw .socket(operation: "connect", path: path, errno: e)
        }
        return fd
    }

    /// Writes all of `line` plus a newline; false when the peer is gone (no SIGPIPE: MSG_NOSIGNAL).
    static func writeLine(_ fd: Int32, _ line: String) -> Bool {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        return write(fd, bytes, blocking: true) == .written
    }

    /// How far a write got.
    enum Written: Equatable {
        case written
        /// The socket's buffer is full: the bytes from this offset on are still to write.
        case blocked(at: Int)
        /// The peer is gone.
        case failed
    }

    /// Writes `bytes`; not `blocking`: up to the first write that would block.
    static func write(_ fd: Int32, _ bytes: [UInt8], blocking: Bool) -> Written {
        let flags = Int32(MSG_NOSIGNAL) | (blocking ? 0 : Int32(MSG_DONTWAIT))
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, flags) }
            if n < 0 {
                if errno == EINTR { continue }
                if !blocking, errno == EAGAIN || errno == EWOULDBLOCK { return .blocked(at: offset) }
                return .failed
            }
            offset += n
        }
        return .written
    }

    /// Reads `fd` until EOF, calling `onLine` for each complete line (a torn last line is dropped).
    static func readLines(_ fd: Int32, onLine: (String) -> Void) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return }
            pending.append(contentsOf: buffer[0..<n])
            takeLines(&pending, onLine)
        }
    }

    /// Calls `onLine` for each complete non-empty line at the start of `pending` and removes them, leaving
    /// the unfinished rest.
    static func takeLines(_ pending: inout [UInt8], _ onLine: (String) -> Void) {
        while let newline = pending.firstIndex(of: 0x0A) {
            let line = String(decoding: pending[..<newline], as: UTF8.self)
            pending.removeSubrange(...newline)
            if !line.isEmpty { onLine(line) }
        }
    }
}
