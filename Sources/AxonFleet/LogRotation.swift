#if os(Linux)
    public import AxonConfig
    import AxonCore
    import Glibc

    /// Size-based rotation of the instance logs `.axon/logs/NAME.N.log`, so a crash loop (or a chatty agent)
    /// cannot fill the disk: past `limit` bytes the log becomes `NAME.N.log.1`, `.1` becomes `.2`, … and the
    /// oldest beyond `keep` is deleted (`keep` 0: the log is cut, nothing kept). Set by `logs:` in fleet.yaml.
    ///
    /// Agents append to their log themselves (the spawn opens it `O_APPEND` as stdout and stderr), so the
    /// supervisor never holds it open. Two ways to rotate follow from that:
    /// - before a spawn (`beforeSpawn`), nobody writes it: it is *renamed*, and the new process opens a fresh file;
    /// - while the instance runs (`whileRunning`, checked periodically), its processes hold the file open: it is
    ///   *copied* to `.1` and truncated in place. `O_APPEND` makes their next write land at the new end (0), so
    ///   the file does not become sparse; a line written between the copy's last read and the truncation is lost.
    public struct LogRotation: Sendable, Equatable {
        /// Bytes past which a log is rotated.
        public var limit: Int
        /// Rotated files kept (`.1` newest … `.keep` oldest).
        public var keep: Int

        /// fleet.yaml's defaults: 10 MiB, three rotated files, at most about 40 MiB per instance.
        public static let standard = LogRotation(LogsConfig())

        public init(limit: Int, keep: Int) {
            // A limit of 0 would rotate a missing log.
            self.limit = max(1, limit)
            self.keep = max(0, keep)
        }

        public init(_ config: LogsConfig) {
            self.init(limit: config.maxSize, keep: config.keep)
        }

        /// Renames `path` away when it is over the limit; true when it did. Call only when no process writes it.
        @discardableResult
        public func beforeSpawn(_ path: String) -> Bool {
            guard size(of: path) >= limit else { return false }
            shift(path)
            return keep == 0 ? unlink(path) == 0 : rename(path, path + ".1") == 0
        }

        /// Copies `path` to `.1` and truncates it when it is over the limit; true when it did. Blocking (up to a
        /// `limit`'s worth of copying): call it off the cooperative pool.
        @discardableResult
        public func whileRunning(_ path: String) -> Bool {
            guard size(of: path) >= limit else { return false }
            shift(path)
            guard keep == 0 || copy(path, to: path + ".1") else { return false }
            return truncate(path, 0) == 0
        }

        /// The rotated files of `path` that exist, oldest first (`.3`, `.2`, `.1`).
        public func rotated(_ path: String) -> [String] {
            stride(from: keep, through: 1, by: -1).map { "\(path).\($0)" }.filter { access($0, F_OK) == 0 }
        }

        /// `.keep` is dropped, and any file past it (left by a larger `keep` before fleet.yaml lowered it), then
        /// `.k` → `.k+1` from the oldest down, freeing `.1`.
        func shift(_ path: String) {
            if keep > 0 { unlink("\(path).\(keep)") }
            var past = keep + 1
            while unlink("\(path).\(past)") == 0 { past += 1 }
            for n in stride(from: keep - 1, through: 1, by: -1) { rename("\(path).\(n)", "\(path).\(n + 1)") }
        }

        func size(of path: String) -> Int {
            var st = stat()
            guard stat(path, &st) == 0 else { return 0 }
            return Int(st.st_size)
        }

        func copy(_ source: String, to destination: String) -> Bool {
            let input = open(source, O_RDONLY | O_CLOEXEC)
            guard input >= 0 else { return false }
            defer { close(input) }
            let output = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard output >= 0 else { return false }
            defer { close(output) }
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n < 0 { return false }
                if n == 0 { return true }
                guard
                    buffer.withUnsafeBytes({ POSIX.writeAll(output, UnsafeRawBufferPointer(rebasing: $0[..<n])) })
                        == nil
                else { return false }
            }
        }
    }
#endif
