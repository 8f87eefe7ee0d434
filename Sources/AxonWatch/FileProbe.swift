import AxonCore
import Crypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `lstat` says a path is; only regular files are ever read, only real directories entered.
enum FileKind: Equatable {
    case regular(StatSignature)
    case directory(StatSignature)
    /// Symlinks (never followed), FIFOs, sockets, devices.
    case other
    case missing

    static func of(_ absolutePath: String) -> FileKind {
        var st = stat()
        guard lstat(absolutePath, &st) == 0 else { return .missing }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .regular(StatSignature(st))
        case S_IFDIR: return .directory(StatSignature(st))
        default: return .other
        }
    }
}

/// Streams files through SHA-256 with one reusable buffer.
///
/// The file is opened `O_NOFOLLOW|O_NONBLOCK` and checked with `fstat` to be a regular file, so a path swapped
/// for a symlink to `/dev/stdout` or a FIFO between `lstat` and `open` is never read (and never blocks). If
/// the file changes while it is read (size or mtime differ before and after), the result is `.unstable`:
/// a half-written file is never published.
final class FileHasher {
    enum Outcome: Equatable {
        case hashed(FileState, StatSignature)
        case unstable
        case notRegular
    }

    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)

    deinit { buffer.deallocate() }

    func hash(_ absolutePath: String) -> Outcome {
        let fd = open(absolutePath, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return .notRegular }
        defer { close(fd) }
        var before = stat()
        guard fstat(fd, &before) == 0, (before.st_mode & S_IFMT) == S_IFREG else { return .notRegular }
        var sha = SHA256()
        var total: Int64 = 0
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .unstable
            }
            if n == 0 { break }
            sha.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            total += Int64(n)
        }
        var after = stat()
        guard fstat(fd, &after) == 0 else { return .unstable }
        let signature = StatSignature(after)
        guard StatSignature(before) == signature, total == signature.size else { return .unstable }
        let state = FileState(hash: hex(sha.finalize()), size: total, mtime: signature.mtime)
        return .hashed(state, signature)
    }
}

private func hex(_ digest: some Sequence<UInt8>) -> String { Hex.encode(digest) }
