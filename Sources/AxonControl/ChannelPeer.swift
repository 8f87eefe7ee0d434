import AxonCore
import Dispatch
import Foundation
import Synchronization

/// One end of a fleet channel (`ChannelMessage` lines over a connected stream socket): one thread reads every
/// channel of the process (a `PollThread`: a supervisor of 64 agents holds no thread per channel), and a
/// serial queue of its own writes it, latest-wins.
///
/// `send` never blocks: it merges the message into what is pending (`LatestWins`) and, unless a write is in
/// flight already, writes it at once as far as the socket takes it without blocking (a fleet's broadcast and
/// its acks skip a thread hop each); only what the socket would not take goes to the queue. A peer that reads
/// slowly therefore gets the newest state as soon as it reads again, not every step in between. Bad lines are
/// dropped, never fatal. The descriptor is closed once the reader saw the end and no write is in flight, so no
/// call ever reaches a number the process reused.
public final class ChannelPeer: Sendable {
    private struct State {
        var pending = LatestWins()
        /// A drain is queued or running.
        var writing = false
        /// What the inline write left unwritten (the rest of a line, and the lines after it), for the queue.
        var carry: [UInt8] = []
        /// Shut down (by `close`, the peer's end, or a failed write): nothing more is written.
        var closed = false
        var readerDone = false
        var released = false
    }

    private let fd: Int32
    private let state = Mutex(State())
    private let writer = DispatchQueue(label: "axon-channel-write")
    private let onMessage: @Sendable (ChannelMessage) -> Void
    private let onClose: @Sendable () -> Void
    /// Bytes read past the last complete line (touched by the reading thread only).
    private let partial = Mutex<[UInt8]>([])

    /// Reads every channel of this process.
    private static let readers = PollThread(name: "axon-channels")

    /// A connected pair of close-on-exec stream sockets (the supervisor keeps the first, the agent gets the
    /// second as its fd 3); nil with errno set when the kernel refuses.
    public static func pair() -> (Int32, Int32)? {
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            return nil
        }
        return (fds[0], fds[1])
    }

    /// Takes `fd` over and starts reading it.
    /// - Parameters:
    ///   - onMessage: each valid line, in order, on the reader thread.
    ///   - onClose: once, when the peer closed its end or `close()` was called.
    public init(
        fd: Int32, onMessage: @escaping @Sendable (ChannelMessage) -> Void,
        onClose: @escaping @Sendable () -> Void = {}
    ) {
        self.fd = fd
        self.onMessage = onMessage
        self.onClose = onClose
        guard !Self.readers.add(fd, ready: { [self] in readAvailable($0) }, done: { [self] in ended() }) else {
            return
        }
        NamedThread.start("axon-channel") { [self] in readLoop() }
    }

    /// Queues `message`, merged with what is still pending.
    public func send(_ message: ChannelMessage) {
        let start = state.withLock { s -> Bool in
            guard !s.closed else { return false }
            s.pending.add(message)
            guard !s.writing else { return false }
            s.writing = true
            return true
        }
        if start, !drainInline() { writer.async { [self] in drain() } }
    }

    /// Writes what is pending without blocking; false when the socket took only part of it (the rest is in
    /// `carry`, and the queue must finish the job, the `writing` flag still held).
    private func drainInline() -> Bool {
        while let batch = nextBatch() {
            let bytes = Self.lines(batch)
            switch UnixSocket.write(fd, bytes, blocking: false) {
            case .written: continue
            case .blocked(let offset):
                state.withLock { $0.carry = Array(bytes[offset...]) }
                return false
            case .failed: shutDown()  // the peer is gone: the next batch finds the channel shut
            }
        }
        release()
        return true
    }

    /// The messages to write next, or nil (the `writing` flag dropped) when none is left or the channel is shut.
    private func nextBatch() -> [ChannelMessage]? {
        state.withLock { s in
            guard !s.closed, !s.pending.isEmpty else {
                s.writing = false
                return nil
            }
            return s.pending.take()
        }
    }

    /// `batch` as the lines on the wire.
    private static func lines(_ batch: [ChannelMessage]) -> [UInt8] {
        var bytes: [UInt8] = []
        for message in batch {
            bytes += Array(ChannelWire.encode(message).utf8)
            bytes.append(0x0A)
        }
        return bytes
    }

    /// Ends the channel: the peer sees end of file, `onClose` runs. Idempotent.
    public func close() {
        shutDown()
    }

    /// On the queue: what the inline write left, then whatever is pending, blocking as the socket needs.
    private func drain() {
        let carry = state.withLock { s in
            defer { s.carry = [] }
            return s.carry
        }
        // A failed write shuts the channel (the peer is gone: the reader sees the end too), ending the loop.
        if !carry.isEmpty, UnixSocket.write(fd, carry, blocking: true) != .written { shutDown() }
        while let batch = nextBatch() {
            if UnixSocket.write(fd, Self.lines(batch), blocking: true) != .written { shutDown() }
        }
        release()
    }

    /// Without a poll thread: a thread of its own reads until the end.
    private func readLoop() {
        UnixSocket.readLines(fd) { deliver($0) }
        ended()
    }

    /// What is readable now, delivered line by line; false at the end of the stream.
    private func readAvailable(_ fd: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
        if n < 0 { return errno == EINTR || errno == EAGAIN }
        guard n > 0 else { return false }
        var pending = partial.withLock { $0 } + buffer[0..<n]
        UnixSocket.takeLines(&pending) { deliver($0) }
        partial.withLock { $0 = pending }
        return true
    }

    private func deliver(_ line: String) {
        guard let message = try? ChannelWire.decode(line) else { return }
        onMessage(message)
    }

    /// The peer's end closed (or ours did): nothing more is read.
    private func ended() {
        shutDown()
        state.withLock { $0.readerDone = true }
        onClose()
        release()
    }

    /// Marks the channel closed and wakes both directions (a blocked read sees EOF, a blocked write fails).
    private func shutDown() {
        state.withLock { s in
            guard !s.released else { return }
            s.closed = true
            shutdown(fd, Int32(SHUT_RDWR))
        }
    }

    /// Closes the descriptor once nothing can use it any more.
    private func release() {
        let last = state.withLock { s -> Bool in
            guard s.readerDone, !s.writing, !s.released else { return false }
            s.released = true
            return true
        }
        if last { Glibc.close(fd) }
    }
}
