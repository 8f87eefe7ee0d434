import AxonCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The system calls the trace needs, with errno turned into `TraceError` at this boundary (R4, R13).
///
/// Plain POSIX (open, flock, write, fsync, ftruncate), so it builds on Linux and macOS alike; nothing here
/// blocks for long except `fsync`, which only `TraceFileIO` calls, off the cooperative pool.
enum POSIXFile {
    /// `mkdir -p` (see `POSIX.makeDirectories`).
    static func makeDirectories(_ path: String) throws(TraceError) {
        do {
            try POSIX.makeDirectories(path)
        } catch {
            throw .io(path: error.path, operation: error.operation, errno: error.errno)
        }
    }

    /// Opens `path` for appending (created 0644 if missing) and takes an exclusive non-blocking flock on it.
    /// Throws `.locked` when another open file description holds the lock.
    static func openLockedForAppend(_ path: String) throws(TraceError) -> Int32 {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            close(fd)
            if e == EWOULDBLOCK { throw .locked(path: path) }
            throw .io(path: path, operation: "flock", errno: e)
        }
        return fd
    }

    /// `close(2)`, for callers whose own `close` method shadows it.
    static func closeDescriptor(_ fd: Int32) {
        _ = close(fd)
    }

    /// True when some writer holds the trace's lock (a shared non-blocking lock is refused).
    /// A file that cannot be opened is not live.
    static func isLocked(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) != 0 { return errno == EWOULDBLOCK }
        flock(fd, LOCK_UN)
        return false
    }

    /// Unlinks `path` while holding its exclusive lock, so a session that just went live is never deleted.
    /// Returns false (and deletes nothing) when the file is locked.
    static func unlinkIfUnlocked(_ path: String) throws(TraceError) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EWOULDBLOCK { return false }
            throw .io(path: path, operation: "flock", errno: errno)
        }
        guard unlink(path) == 0 else { throw .io(path: path, operation: "unlink", errno: errno) }
        return true
    }

    static func size(_ fd: Int32, path: String) throws(TraceError) -> Int64 {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .io(path: path, operation: "fstat", errno: errno) }
        return Int64(st.st_size)
    }

    /// Reads the whole file at `path`.
    static func readAll(_ path: String) throws(TraceError) -> [UInt8] {
        do throws(POSIX.Failure) {
            return try POSIX.readFile(path)
        } catch {
            throw .io(path: path, operation: error.operation, errno: error.errno)
        }
    }

    /// Names of the entries of `directory` (without `.`/`..`); empty when it does not exist.
    static func list(_ directory: String) throws(TraceError) -> [String] {
        guard let dir = opendir(directory) else {
            if errno == ENOENT { return [] }
            throw .io(path: directory, operation: "opendir", errno: errno)
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let ent = readdir(dir) {
            let name = withUnsafePointer(to: ent.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
