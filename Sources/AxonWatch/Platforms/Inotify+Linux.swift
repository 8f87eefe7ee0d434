#if os(Linux)
    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #endif
    import AxonCore
    import Foundation
    import Synchronization

    /// The real inotify instance: opened `IN_NONBLOCK | IN_CLOEXEC`, read on a dedicated thread that `poll(2)`s
    /// the inotify descriptor and a wake pipe, so no blocking read ever runs on the Swift cooperative pool.
    ///
    /// The reader thread owns the descriptors' lifetime: `close()` writes to the wake pipe, the thread leaves its
    /// loop, closes both descriptors under `lock` (so a concurrent `addWatch` never hits a recycled fd number)
    /// and finishes `events`.
    final class Inotify: RawWatcher, @unchecked Sendable {
        let events: AsyncStream<[RawEvent]>
        private let fd: Int32
        private let wakeRead: Int32
        private let wakeWrite: Int32
        /// true once the descriptors are closed; guards every syscall on `fd`.
        private let closed = ClosedFlag()

        private final class ClosedFlag: Sendable {
            let value = Mutex(false)
            func withLock<R>(_ body: (inout Bool) -> R) -> R { value.withLock { body(&$0) } }
        }

        init() throws(RawError) {
            let fd = inotify_init1(Int32(0x800 | 0x80000))  // IN_NONBLOCK | IN_CLOEXEC
            guard fd >= 0 else {
                let code = errno
                throw code == EMFILE ? .instanceLimit : .other(call: "inotify_init1", errno: code)
            }
            var pipeFDs: [Int32] = [-1, -1]
            guard pipe(&pipeFDs) == 0 else {
                let code = errno
                Glibc.close(fd)
                throw .other(call: "pipe", errno: code)
            }
            for p in pipeFDs { _ = fcntl(p, F_SETFD, FD_CLOEXEC); _ = fcntl(p, F_SETFL, O_NONBLOCK) }
            self.fd = fd
            wakeRead = pipeFDs[0]
            wakeWrite = pipeFDs[1]
            let (stream, continuation) = AsyncStream.makeStream(of: [RawEvent].self, bufferingPolicy: .unbounded)
            events = stream
            NamedThread.start("axon-inotify") { [fd, wakeRead, wakeWrite, closed] in
                Self.readLoop(fd: fd, wake: wakeRead, continuation: continuation)
                closed.withLock { isClosed in
                    isClosed = true
                    Glibc.close(fd)
                    Glibc.close(wakeRead)
                    Glibc.close(wakeWrite)
                }
                continuation.finish()
            }
        }

        func addWatch(_ absolutePath: String, mask: UInt32) throws(RawError) -> Int32 {
            let result: Result<Int32, RawError> = closed.withLock { isClosed in
                if isClosed { return .failure(.gone) }
                let wd = inotify_add_watch(fd, absolutePath, mask)
                if wd >= 0 { return .success(wd) }
                switch errno {
                case ENOSPC: return .failure(.watchLimit)
                case ENOENT, ENOTDIR, ELOOP: return .failure(.gone)
                case EACCES, EPERM: return .failure(.denied)
                case let code: return .failure(.other(call: "inotify_add_watch", errno: code))
                }
            }
            return try result.get()
        }

        func removeWatch(_ wd: Int32) {
            closed.withLock { isClosed in
                if !isClosed { _ = inotify_rm_watch(fd, wd) }
            }
        }

        func close() {
            closed.withLock { isClosed in
                if !isClosed {
                    var byte: UInt8 = 1
                    _ = Glibc.write(wakeWrite, &byte, 1)
                }
            }
        }

        deinit { close() }

        /// Blocks in `poll` (on this dedicated thread only) and yields each read's parsed events as one batch.
        private static func readLoop(fd: Int32, wake: Int32, continuation: AsyncStream<[RawEvent]>.Continuation) {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 8)
            defer { buffer.deallocate() }
            var fds = [
                pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0),
            ]
            while true {
                fds[0].revents = 0
                fds[1].revents = 0
                let ready = poll(&fds, 2, -1)
                if ready < 0 {
                    if errno == EINTR { continue }
                    return
                }
                if fds[1].revents != 0 { return }
                guard fds[0].revents != 0 else { continue }
                while true {
                    let n = read(fd, buffer.baseAddress, buffer.count)
                    if n < 0 {
                        if errno == EINTR { continue }
                        break  // EAGAIN: drained
                    }
                    if n == 0 { break }
                    continuation.yield(InotifyEventParser.parse(UnsafeRawBufferPointer(rebasing: buffer[0..<n])))
                }
            }
        }

        /// The current value of `/proc/sys/fs/inotify/NAME`, for error messages.
        static func limit(_ name: String) -> Int? {
            guard let text = try? String(contentsOfFile: "/proc/sys/fs/inotify/" + name, encoding: .utf8) else {
                return nil
            }
            return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
#endif
