#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few system calls knowledge discovery needs, behind one platform-neutral type (R13).
///
/// Why not FileManager: discovery must never block on a FIFO a user left in `data/knowledge/`, must tell a
/// symlink from its target, and must resolve paths exactly as the kernel does (`realpath`), so confinement
/// checks cannot be fooled by `..` or a link. Everything here is synchronous and short.
enum FileProbe {
    /// What a path is, after following symlinks (`stat`), plus whether the path itself is a link (`lstat`).
    enum Kind: Equatable {
        case regular(bytes: Int)
        case directory
        case other
        case missing
    }

    /// The kind of `path`, following symlinks.
    static func kind(_ path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular(bytes: Int(info.st_size))
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// True when `path` itself is a symbolic link.
    static func isSymlink(_ path: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0 else { return false }
        return info.st_mode & S_IFMT == S_IFLNK
    }

    /// The canonical absolute path (symlinks, `.` and `..` resolved), or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Entry names of a directory (without `.` and `..`), unsorted.
    static func entries(_ path: String) -> Result<[String], ReadFailure> {
        guard let dir = opendir(path) else { return .failure(.system(errno: errno)) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return .success(names)
    }

    /// Why reading a file failed.
    enum ReadFailure: Error, Equatable {
        case notRegular
        case tooLarge(bytes: Int)
        case system(errno: Int32)
    }

    /// Reads a whole regular file of at most `limit` bytes.
    ///
    /// Opens with `O_NONBLOCK` and checks `fstat` on the open descriptor, so a FIFO or device swapped in after
    /// an earlier `stat` is refused instead of blocking the caller. A file that grows past `limit` while being
    /// read is too large, never silently cut.
    static func read(_ path: String, limit: Int) -> Result<[UInt8], ReadFailure> {
        var bytes: [UInt8] = []
        var overflow = false
        let result = stream(path, limit: limit) { chunk in
            if bytes.count + chunk.count > limit { overflow = true }
            if !overflow { bytes.append(contentsOf: chunk) }
        }
        switch result {
        case .failure(let failure): return .failure(failure)
        case .success(let total) where overflow: return .failure(.tooLarge(bytes: total))
        case .success: return .success(bytes)
        }
    }

    /// Streams a regular file through `body` in chunks and returns its size. Files over the size cap are
    /// hashed this way, never held in memory. `limit` only rejects files whose size is already known to be
    /// larger (pass `Int.max` to stream anything).
    static func stream(_ path: String, limit: Int = .max, _ body: (ArraySlice<UInt8>) -> Void) -> Result<
        Int, ReadFailure
    > {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(.system(errno: errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(.system(errno: errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(.notRegular) }
        guard Int(info.st_size) <= limit else { return .failure(.tooLarge(bytes: Int(info.st_size))) }
        var total = 0
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = readChunk(fd, into: &chunk)
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.system(errno: errno))
            }
            if n == 0 { break }
            body(chunk[0..<n])
            total += n
        }
        return .success(total)
    }

    /// The system's text for an errno value.
    static func describe(errno code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// `read(2)` into `buffer`; a free function because `FileProbe.read` shadows the system call inside the enum.
private func readChunk(_ fd: Int32, into buffer: inout [UInt8]) -> Int {
    buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
}
