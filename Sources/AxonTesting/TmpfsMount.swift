#if os(Linux)
    import Glibc

    /// A tiny tmpfs mounted over a directory, for tests that need a real full disk (ENOSPC).
    ///
    /// Needs root; `init` returns nil (and the test should skip with a message) when mounting is not possible.
    public struct TmpfsMount: Sendable {
        public let path: String

        /// Mounts a tmpfs of `size` (e.g. `64k`) at the existing directory `path`.
        public init?(path: String, size: String) {
            guard getuid() == 0, system("mount -t tmpfs -o size=\(size) tmpfs '\(path)' 2>/dev/null") == 0 else {
                return nil
            }
            self.path = path
        }

        public func unmount() {
            _ = system("umount '\(path)' 2>/dev/null")
        }
    }
#endif
