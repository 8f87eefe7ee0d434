import AxonCore
import AxonPolicy
import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// File reads and atomic writes for the tools, with errors phrased for the model.
public enum FileAccess {
    /// The largest file the tools read or edit whole (8 MiB).
    static let maxFileBytes = 8 * 1024 * 1024

    /// SHA-256 of `bytes`, lowercase hex: the `expected_hash` of write_file/edit_file.
    static func sha256(_ bytes: some DataProtocol) -> String { hex(SHA256.hash(data: bytes)) }

    /// SHA-256 of a whole regular file, read in 64 KiB chunks (an executable tool may be a large binary); nil
    /// when it cannot be read. A FIFO is refused, not waited on.
    public static func sha256(contentsOf path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            hasher.update(data: buffer[..<n])
        }
        return hex(hasher.finalize())
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    /// The bytes of a regular file, nil when it does not exist.
    static func read(_ absolute: String, shown: String) throws(ToolFailure) -> Data? {
        var info = stat()
        guard stat(absolute, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw ToolFailure("cannot read \(shown): \(String(cString: strerror(errno)))")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw ToolFailure("\(shown) is a directory; use list_files") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw ToolFailure("\(shown) is not a regular file") }
        guard Int(info.st_size) <= maxFileBytes else {
            throw ToolFailure("\(shown) has \(info.st_size) bytes, over the tools' limit of \(maxFileBytes)")
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: absolute))
        } catch {
            throw ToolFailure("cannot read \(shown): \(error.localizedDescription)")
        }
    }

    /// UTF-8 text, or an error for binary content.
    static func text(_ data: Data, shown: String) throws(ToolFailure) -> String {
        guard !data.contains(0), let text = String(data: data, encoding: .utf8) else {
            throw ToolFailure("\(shown) is a binary file (not UTF-8 text); the file tools read text only")
        }
        return text
    }

    /// Refuses a write whose `expected` hash is not the file's current one.
    static func checkHash(_ expected: String?, current: Data?, shown: String) throws(ToolFailure) {
        guard let expected else { return }
        guard let current else {
            throw ToolFailure("conflict: \(shown) does not exist, so it has no hash; omit expected_hash to create it")
        }
        let actual = sha256(current)
        if actual != expected.lowercased() {
            throw ToolFailure(
                "conflict: \(shown) changed since you read it (expected_hash \(expected), current sha256 \(actual)); "
                    + "read it again and redo the change", code: "conflict")
        }
    }

    /// Writes `bytes` atomically: a temp file `.NAME.axon-tmp-XXXXXX` in the same directory (the watcher
    /// ignores that pattern), fsync, keep the old file's mode, rename over the target. Parents are created.
    static func writeAtomically(_ bytes: Data, to absolute: String, shown: String) throws(ToolFailure) {
        let url = URL(fileURLWithPath: absolute)
        let directory = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ToolFailure("cannot create the directory of \(shown): \(error.localizedDescription)")
        }
        var template = Array("\(directory)/.\(url.lastPathComponent).axon-tmp-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw ToolFailure("cannot write \(shown): \(String(cString: strerror(errno)))") }
        let temp = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure = bytes.withUnsafeBytes { POSIX.writeAll(fd, $0) } ?? 0
        var info = stat()
        let mode = stat(absolute, &info) == 0 ? info.st_mode & 0o7777 : 0o644
        if failure == 0, fchmod(fd, mode) != 0 { failure = errno }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == 0, rename(temp, absolute) != 0 { failure = errno }
        if failure != 0 {
            unlink(temp)
            throw ToolFailure("cannot write \(shown): \(String(cString: strerror(failure)))")
        }
    }
}
