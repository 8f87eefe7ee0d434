#if os(Linux)
    import AxonCore
    import Glibc

    /// One supervisor per repo: an exclusive `flock` on `.axon/fleet.lock`, held for the supervisor's life.
    ///
    /// The kernel drops the lock when the process dies however it dies, so a crashed supervisor never wedges
    /// the repo. flock cannot name its holder, so the holder writes its pid into the file once it has the lock
    /// (as the thread lease does); a second `axon up` reads it for its message. The descriptor is close-on-exec
    /// and the spawner closes every other descriptor, so no agent inherits (and prolongs) the lock.
    public final class FleetLock: Sendable {
        public let path: String
        private let fd: Int32

        private init(path: String, fd: Int32) {
            self.path = path
            self.fd = fd
        }

        /// Takes the lock of the repo whose state directory is `stateDirectory` (`.axon`).
        /// - Throws: `FleetError.alreadyRunning` naming the holder's pid, or `.io`.
        public static func acquire(stateDirectory: String) throws(FleetError) -> FleetLock {
            let path = stateDirectory + "/fleet.lock"
            do {
                try POSIX.makeDirectories(stateDirectory)
            } catch {
                throw .io(path: error.path, operation: error.operation, reason: error.reason)
            }
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw .io(path: path, operation: "open", reason: POSIX.reason(errno)) }
            while flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let err = errno
                if err == EINTR { continue }
                let holder = holderPID(fd)
                close(fd)
                if err == EWOULDBLOCK { throw .alreadyRunning(pid: holder, lock: path) }
                throw .io(path: path, operation: "flock", reason: POSIX.reason(err))
            }
            let text = Array("\(getpid())\n".utf8)
            _ = ftruncate(fd, 0)
            _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress!, text.count, 0) }
            return FleetLock(path: path, fd: fd)
        }

        /// The pid of the supervisor holding the lock of `stateDirectory` (0 when it has not written it yet), or
        /// nil when no supervisor runs.
        public static func holder(stateDirectory: String) -> Int32? {
            let fd = open(stateDirectory + "/fleet.lock", O_RDWR | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            if flock(fd, LOCK_SH | LOCK_NB) == 0 {
                _ = flock(fd, LOCK_UN)
                return nil
            }
            return holderPID(fd) ?? 0
        }

        /// Empties the file (a stale pid must not name a live process later) and lets the lock go.
        public func release() {
            _ = ftruncate(fd, 0)
            _ = flock(fd, LOCK_UN)
            close(fd)
        }

        static func holderPID(_ fd: Int32) -> Int32? {
            var buffer = [UInt8](repeating: 0, count: 32)
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { return nil }
            return Int32(String(decoding: buffer[0..<n], as: UTF8.self).filter(\.isNumber))
        }
    }
#endif
