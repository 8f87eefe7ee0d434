import AxonCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few POSIX file operations the thread index needs, with errors as `ThreadsError`.
enum FileIO {
    static func makeDirectories(_ path: String) throws(ThreadsError) {
        do {
            try POSIX.makeDirectories(path)
        } catch {
            throw .io(path: error.path, operation: error.operation, errno: error.errno)
        }
    }

    /// Replaces `path` with `bytes` at once (`POSIX.replaceFile`: a temp file renamed over it).
    static func replaceFile(_ path: String, with bytes: [UInt8]) throws(ThreadsError) {
        do {
            try POSIX.replaceFile(path, with: bytes)
        } catch {
            throw .io(path: error.path, operation: error.operation, errno: error.errno)
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(ThreadsError) {
        if let err = bytes.withUnsafeBytes({ POSIX.writeAll(fd, $0) }) {
            throw .io(path: path, operation: "write", errno: err)
        }
    }

    /// Reads `count` bytes at `offset` (fewer at end of file).
    static func read(_ path: String, offset: Int64, count: Int) throws(ThreadsError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        return try pread(fd, offset: offset, count: count, path: path)
    }

    static func pread(_ fd: Int32, offset: Int64, count: Int, path: String) throws(ThreadsError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes {
                Glibc.pread(fd, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "read", errno: errno)
            }
            if n == 0 { break }
            done += n
        }
        bytes.removeLast(count - done)
        return bytes
    }

    /// Calls `body` with each line of the file from the last to the first (newlines stripped; `isLast` for
    /// the final line, which may be torn) until it returns false. A missing file has no lines.
    static func linesBackward(
        _ path: String, _ body: (Substring, Bool) throws(ThreadsError) -> Bool
    ) throws(ThreadsError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return }
            throw .io(path: path, operation: "open", errno: errno)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .io(path: path, operation: "fstat", errno: errno) }
        var position = Int64(st.st_size)
        var carry: [UInt8] = []  // the start of a line whose beginning is in an earlier chunk
        var isLast = true
        let chunkSize: Int64 = 64 * 1024
        while position > 0 {
            let size = min(chunkSize, position)
            position -= size
            var chunk = try pread(fd, offset: position, count: Int(size), path: path)
            chunk.append(contentsOf: carry)
            var end = chunk.count
            // A file normally ends with "\n": that is not an empty last line.
            if isLast, end > 0, chunk[end - 1] == 0x0A { end -= 1 }
            var i = end
            while i > 0 {
                i -= 1
                if chunk[i] == 0x0A {
                    let line = Substring(decoding: chunk[(i + 1)..<end], as: UTF8.self)
                    if !line.isEmpty {
                        if try !body(line, isLast) { return }
                    }
                    isLast = false
                    end = i
                }
            }
            carry = Array(chunk[0..<end])
        }
        if !carry.isEmpty {
            _ = try body(Substring(decoding: carry, as: UTF8.self), isLast)
        }
    }
}
