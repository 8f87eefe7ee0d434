import AxonCore
import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The file side of a `TraceWriter`: every write, fsync, rollback and close of one trace, in order.
///
/// All I/O runs on one serial `DispatchQueue`, never on the Swift cooperative pool (it has as many threads as
/// cores; a blocking `fsync` there would stall every task in the process). Being serial, the queue also keeps
/// buffer flushes and commits in the order the writer issued them.
///
/// Invariant: the file always ends on a complete line. `length` is the end of the last fully written chunk
/// (chunks are whole lines); a short or failed write is truncated back to it, and the object then refuses
/// all further work with the same error (`failure`), so the file stays valid and callers learn why.
final class TraceFileIO: @unchecked Sendable {
    let path: String
    private let queue: DispatchQueue
    // Touched only on `queue` (or in init/deinit, when nothing else can reach the object).
    private var fd: Int32
    private var length: Int64
    private let state = Mutex<TraceError?>(nil)
    private let syncs = Mutex(0)

    init(fd: Int32, path: String, length: Int64) {
        self.fd = fd
        self.path = path
        self.length = length
        queue = DispatchQueue(label: "axon.trace.io")
    }

    deinit {
        if fd >= 0 { POSIXFile.closeDescriptor(fd) }
    }

    /// The error that put this file in its failed state; nil while healthy.
    var failure: TraceError? { state.withLock { $0 } }

    /// How many fsyncs ran (tests check that group commit shares them).
    var fsyncCount: Int { syncs.withLock { $0 } }

    /// Queues `bytes` for writing without waiting and without fsync (a full in-memory buffer). A failure is
    /// recorded in `failure` and surfaces at the next append or commit.
    func write(_ bytes: [UInt8]) {
        queue.async { _ = self.writeNow(bytes, sync: false) }
    }

    /// Writes `bytes` after everything queued before, then fsyncs; resumes when the data is durable.
    func writeAndSync(_ bytes: [UInt8]) async -> Result<Void, TraceError> {
        await withCheckedContinuation { c in
            queue.async { c.resume(returning: self.writeNow(bytes, sync: true)) }
        }
    }

    /// Releases the lock and closes the descriptor after every queued operation.
    func close() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            queue.async {
                if self.fd >= 0 {
                    flock(self.fd, LOCK_UN)
                    POSIXFile.closeDescriptor(self.fd)
                    self.fd = -1
                }
                self.state.withLock { if $0 == nil { $0 = .closed(path: self.path) } }
                c.resume()
            }
        }
    }

    private func writeNow(_ bytes: [UInt8], sync: Bool) -> Result<Void, TraceError> {
        if let failure { return .failure(failure) }
        if !bytes.isEmpty {
            if let e = bytes.withUnsafeBytes({ POSIX.writeAll(fd, $0) }) {
                // Drop whatever part of the chunk landed, so no torn line stays behind.
                _ = ftruncate(fd, off_t(length))
                return fail(
                    e == ENOSPC || e == EDQUOT ? .diskFull(path: path) : .io(path: path, operation: "write", errno: e))
            }
            length += Int64(bytes.count)
        }
        if sync { syncs.withLock { $0 += 1 } }
        if sync && fsync(fd) != 0 {
            // After a failed fsync the kernel may have dropped dirty pages: nothing written since is trustworthy.
            let e = errno
            return fail(
                e == ENOSPC || e == EDQUOT ? .diskFull(path: path) : .io(path: path, operation: "fsync", errno: e))
        }
        return .success(())
    }

    private func fail(_ error: TraceError) -> Result<Void, TraceError> {
        state.withLock { if $0 == nil { $0 = error } }
        return .failure(error)
    }
}
