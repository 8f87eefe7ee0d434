import AxonCore
import Foundation

/// Reads one instance's log (`.axon/logs/NAME.N.log`) and follows it, across the supervisor's rotations.
///
/// The supervisor rotates two ways (`LogRotation`): between runs it *renames* the log (a new file appears at
/// the path: the old one is read to its end first, then the new one from its start); while the instance runs it
/// *copies and truncates* it (the file shrinks below what was read: reading starts over at 0). Lines are
/// delivered whole; a last line without its newline waits for it. Not thread-safe: one caller at a time (the
/// command, then its follow thread).
final class LogFollower: @unchecked Sendable {
    let path: String
    private var fd: Int32 = -1
    private var inode: ino_t = 0
    private var offset: Int = 0
    private var pending: [UInt8] = []

    init(path: String) { self.path = path }

    deinit { if fd >= 0 { close(fd) } }

    /// Every complete line of the rotated files (oldest first) and of the log, up to its end now.
    func history(rotated: [String]) -> [String] {
        var lines: [String] = []
        for file in rotated {
            guard let bytes = try? POSIX.readFile(file) else { continue }
            lines += Self.split(bytes[...])
        }
        return lines + poll()
    }

    /// The complete lines written since the last call.
    func poll() -> [String] {
        if fd < 0 { reopen() }
        guard fd >= 0 else { return [] }
        var lines = readToEnd()
        var st = stat()
        if fstat(fd, &st) == 0, Int(st.st_size) < offset {
            // Copied and truncated while we read it: whatever is there now is new.
            _ = lseek(fd, 0, SEEK_SET)
            offset = 0
            pending = []
            lines += readToEnd()
        }
        var current = stat()
        if stat(path, &current) != 0 || current.st_ino != inode {
            // Renamed away (what we hold is complete now) and, perhaps, a fresh file in its place.
            close(fd)
            fd = -1
            pending = []
            reopen()
            if fd >= 0 { lines += readToEnd() }
        }
        return lines
    }

    private func reopen() {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        var st = stat()
        inode = fstat(fd, &st) == 0 ? st.st_ino : 0
        offset = 0
    }

    private func readToEnd() -> [String] {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var lines: [String] = []
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            offset += n
            pending += buffer[0..<n]
            if let last = pending.lastIndex(of: 0x0A) {
                lines += Self.split(pending[...last])
                pending.removeSubrange(...last)
            }
        }
        return lines
    }

    /// The lines of `bytes`, each without its newline; a last line without one is kept too (a rotated file).
    static func split(_ bytes: ArraySlice<UInt8>) -> [String] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
