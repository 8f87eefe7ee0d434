#if os(Linux)
    import Foundation
    import Synchronization

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #endif

    /// One thread that waits on many descriptors at once (`poll(2)`), instead of a thread blocked on each.
    ///
    /// A supervisor of 64 agents would otherwise hold a thread per agent for its exit and another for its
    /// channel, each with a stack. A pipe wakes the thread when a descriptor is added, so it polls the new set.
    public final class PollThread: Sendable {
        private struct Watch {
            var ready: @Sendable (Int32) -> Bool
            var done: @Sendable () -> Void
        }

        private let wake: (read: Int32, write: Int32)?
        private let watches = Mutex<[Int32: Watch]>([:])

        /// Starts the thread, named `name` (the kernel keeps 15 bytes).
        public init(name: String) {
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
            NamedThread.start(name) { [self] in run() }
        }

        /// Watches `fd`: `ready` runs on the thread each time `fd` is readable (or hung up), until it returns
        /// false; then `fd` is dropped from the set and `done` runs. The caller must not close `fd` before
        /// `done` (it could be polled, or its number reused, meanwhile). False when there is no thread.
        @discardableResult
        public func add(
            _ fd: Int32, ready: @escaping @Sendable (Int32) -> Bool, done: @escaping @Sendable () -> Void
        ) -> Bool {
            guard let wake else { return false }
            watches.withLock { $0[fd] = Watch(ready: ready, done: done) }
            var byte: UInt8 = 1
            _ = Glibc.write(wake.write, &byte, 1)
            return true
        }

        private func run() {
            guard let wake else { return }
            var drained = [UInt8](repeating: 0, count: 64)
            while true {
                let watched = watches.withLock { $0 }
                var fds = [pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
                fds += watched.keys.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
                guard poll(&fds, nfds_t(fds.count), -1) >= 0 || errno == EINTR else { return }
                if fds[0].revents != 0 { _ = drained.withUnsafeMutableBytes { read(wake.read, $0.baseAddress, 64) } }
                for ready in fds.dropFirst() where ready.revents != 0 {
                    guard let watch = watched[ready.fd], !watch.ready(ready.fd) else { continue }
                    watches.withLock { _ = $0.removeValue(forKey: ready.fd) }
                    watch.done()
                }
            }
        }
    }
#endif
