#if os(Linux)
    import CAxonLinux
    import Foundation
    import Synchronization

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #endif

    /// One thread that learns of every child's exit: a pidfd per child, all `poll(2)`ed at once.
    ///
    /// A blocking `waitid` per child would hold a thread per child — in a supervisor one per agent, beside its
    /// channel's reader — each with its stack. A pidfd becomes readable when its process exits, so one thread
    /// serves them all (a pipe wakes it when a child is added). The pid cannot name another process
    /// meanwhile: an unreaped child keeps its number, and its pidfd is opened before it is reaped.
    final class ExitWatcher: Sendable {
        static let shared = ExitWatcher()

        /// Written to when a child is added, so the thread polls the new set.
        private let wake: (read: Int32, write: Int32)?
        private let waiting = Mutex<[Int32: @Sendable () -> Void]>([:])

        private init() {
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else {
                wake = nil
                return
            }
            for fd in fds {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                _ = fcntl(fd, F_SETFL, O_NONBLOCK)
            }
            wake = (fds[0], fds[1])
            let thread = Thread { [self] in run() }
            thread.name = "axon-exits"
            thread.start()
        }

        /// Calls `exited` once, on the watcher's thread, when the child `pid` has exited (it is not reaped:
        /// the caller reaps it, which then never blocks). False when pidfds are unavailable (a kernel before
        /// 5.3): the caller waits some other way.
        func watch(_ pid: Int32, exited: @escaping @Sendable () -> Void) -> Bool {
            guard let wake else { return false }
            let fd = axon_pidfd_open(pid)
            guard fd >= 0 else { return false }
            waiting.withLock { $0[fd] = exited }
            var byte: UInt8 = 1
            _ = Glibc.write(wake.write, &byte, 1)
            return true
        }

        private func run() {
            guard let wake else { return }
            var drained = [UInt8](repeating: 0, count: 64)
            while true {
                let watched = waiting.withLock { Array($0.keys) }
                var fds = [pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
                fds += watched.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
                guard poll(&fds, nfds_t(fds.count), -1) >= 0 || errno == EINTR else { return }
                if fds[0].revents != 0 { _ = drained.withUnsafeMutableBytes { read(wake.read, $0.baseAddress, 64) } }
                for ready in fds.dropFirst() where ready.revents != 0 {
                    let exited = waiting.withLock { $0.removeValue(forKey: ready.fd) }
                    close(ready.fd)
                    exited?()
                }
            }
        }
    }
#endif
