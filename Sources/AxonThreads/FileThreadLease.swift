public import AxonCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A thread lease on one machine: an in-process FIFO queue, then `flock` on `<directory>/<thread>.lock`.
///
/// `flock(LOCK_EX | LOCK_NB)` is retried with short sleeps, so waiting never blocks a thread of the cooperative
/// pool. flock cannot name its holder, so the holder writes itself into the file once it has the lock. The lock
/// dies with the process (the kernel drops it), so a crashed holder never wedges a thread.
public struct FileThreadLease: ThreadLease {
    public let directory: String
    private let local = LocalQueue()

    /// Lock files live in `directory` (the repo's `.axon/threads`).
    public init(directory: String) { self.directory = directory }

    public func acquire(_ thread: ThreadName, holder: LeaseHolder, timeout: Duration) async throws(ThreadsError)
        -> any HeldLease
    {
        let clock = ContinuousClock()
        let started = clock.now
        let deadline = started + timeout
        try await local.acquire(thread, deadline: deadline, clock: clock)
        let path = directory + "/" + thread.rawValue + ".lock"
        do throws(ThreadsError) {
            try FileIO.makeDirectories(directory)
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
            var pause = Duration.milliseconds(2)
            while flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let err = errno
                guard err == EWOULDBLOCK || err == EINTR else {
                    close(fd)
                    throw .io(path: path, operation: "flock", errno: err)
                }
                if clock.now >= deadline {
                    let other = Self.readHolder(fd)
                    close(fd)
                    let waited = started.duration(to: clock.now)
                    throw .busy(thread: thread, holder: other, waitedMS: Int(waited.components.seconds * 1000))
                }
                do {
                    try await Task.sleep(for: min(pause, started.duration(to: deadline)))
                } catch {
                    close(fd)
                    throw .cancelled(thread: thread)
                }
                pause = min(pause * 2, .milliseconds(50))
            }
            let text = Array((holder.json.serialized() + "\n").utf8)
            _ = ftruncate(fd, 0)
            _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress!, text.count, 0) }
            return Held(fd: fd, thread: thread, queue: local)
        } catch {
            await local.release(thread)
            throw error
        }
    }

    static func readHolder(_ fd: Int32) -> LeaseHolder? {
        guard let bytes = try? FileIO.pread(fd, offset: 0, count: 4096, path: "") else { return nil }
        return LeaseHolder(json: String(decoding: bytes, as: UTF8.self))
    }

    final class Held: HeldLease {
        private let fd: Mutex<Int32?>
        private let thread: ThreadName
        private let queue: LocalQueue

        init(fd: Int32, thread: ThreadName, queue: LocalQueue) {
            self.fd = Mutex(fd)
            self.thread = thread
            self.queue = queue
        }

        func release() async {
            guard
                let fd = fd.withLock({ value in
                    defer { value = nil }; return value
                })
            else { return }
            _ = ftruncate(fd, 0)
            _ = flock(fd, LOCK_UN)
            close(fd)
            await queue.release(thread)
        }
    }

    /// FIFO hand-off of a thread between tasks of this process, before anyone touches the lock file.
    actor LocalQueue {
        private var held: Set<ThreadName> = []
        private var waiters: [ThreadName: [(id: Int, continuation: CheckedContinuation<Bool, Never>)]] = [:]
        private var nextID = 0

        func acquire(_ thread: ThreadName, deadline: ContinuousClock.Instant, clock: ContinuousClock)
            async throws(ThreadsError)
        {
            if !held.contains(thread) {
                held.insert(thread)
                return
            }
            nextID += 1
            let id = nextID
            let timer = Task { [weak self] in
                try? await Task.sleep(until: deadline, clock: clock)
                await self?.expire(thread, id: id)
            }
            let granted = await withCheckedContinuation { waiters[thread, default: []].append((id, $0)) }
            timer.cancel()
            guard granted else {
                throw .busy(thread: thread, holder: nil, waitedMS: 0)
            }
        }

        func release(_ thread: ThreadName) {
            if var queue = waiters[thread], !queue.isEmpty {
                let next = queue.removeFirst()
                waiters[thread] = queue
                next.continuation.resume(returning: true)  // ownership passes on; `held` stays set
            } else {
                held.remove(thread)
            }
        }

        private func expire(_ thread: ThreadName, id: Int) {
            guard var queue = waiters[thread], let i = queue.firstIndex(where: { $0.id == id }) else { return }
            let waiter = queue.remove(at: i)
            waiters[thread] = queue
            waiter.continuation.resume(returning: false)
        }
    }
}
