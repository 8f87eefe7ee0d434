#if os(Linux)
    import AxonCore
    import CAxonLinux

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #endif

    /// Learns of every child's exit on one thread: a pidfd per child (readable once it exited), all polled by
    /// one `PollThread`, instead of a thread blocked in `waitid` per child. The pid cannot name another
    /// process meanwhile: an unreaped child keeps its number, and its pidfd is opened before it is reaped.
    enum ExitWatcher {
        static let poller = PollThread(name: "axon-exits")

        /// Calls `exited` once, on the watcher's thread, when the child `pid` has exited (it is not reaped:
        /// the caller reaps it, which then never blocks). False when pidfds are unavailable (a kernel before
        /// 5.3): the caller waits some other way.
        static func watch(_ pid: Int32, exited: @escaping @Sendable () -> Void) -> Bool {
            let fd = axon_pidfd_open(pid)
            guard fd >= 0 else { return false }
            let added = poller.add(fd, ready: { _ in false }) {
                close(fd)
                exited()
            }
            if !added { close(fd) }
            return added
        }
    }
#endif
