#if os(Linux)
    import AxonCore
    import Foundation
    import Logging
    import MCP
    import Synchronization

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #endif

    /// The MCP stdio transport over a spawned server's pipes, read by a dedicated thread.
    ///
    /// Why not the SDK's `StdioTransport`: its read loop polls a non-blocking fd with a 10 ms sleep, so every
    /// running server costs ~100 wake-ups a second while idle and up to 10 ms of latency per response; and at EOF
    /// it finishes the stream normally, which `Client`'s loop answers by re-reading the finished stream forever.
    /// Here one thread per server blocks in `poll` on stdout and stderr (no wake-ups while idle), yields each
    /// newline-delimited message, keeps stderr's tail for the status report, and ends the stream with an error at
    /// EOF so the client's loop stops. Writes use a non-blocking stdin: a server that stops reading cannot block a
    /// pool thread (EAGAIN → a short async sleep).
    actor PipeTransport: Transport {
        nonisolated let logger = Logger(label: "axon.mcp.transport", factory: { _ in SwiftLogNoOpLogHandler() })
        private let stdinFD: Int32
        private var stdinOpen = true
        private let messages: AsyncThrowingStream<Data, any Error>
        private let reader: PipeReader
        /// Calls sent past the SDK client; their responses never reach it.
        nonisolated let direct: DirectCalls

        /// The stream's end: the server closed its stdout (it exited, or is exiting).
        struct EndOfStream: Error, CustomStringConvertible {
            var description: String { "the server closed its stdout" }
        }

        init(stdinFD: Int32, stdoutFD: Int32, stderrFD: Int32, stderrTail: StderrTail, drained: Latch) {
            self.stdinFD = stdinFD
            _ = fcntl(stdinFD, F_SETFL, fcntl(stdinFD, F_GETFL) | O_NONBLOCK)
            let (stream, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
            messages = stream
            let direct = DirectCalls()
            self.direct = direct
            reader = PipeReader(
                stdoutFD: stdoutFD, stderrFD: stderrFD, tail: stderrTail, drained: drained,
                onMessage: { if !direct.claim($0) { continuation.yield($0) } },
                onEnd: {
                    direct.close()
                    continuation.finish(throwing: EndOfStream())
                })
            reader.start()
        }

        func connect() async throws {}

        /// Closes the server's stdin (a well-behaved server exits at EOF). The reader thread keeps draining until
        /// the server's stdout closes, and owns those fds' close.
        func disconnect() async {
            closeStdin()
        }

        func closeStdin() {
            guard stdinOpen else { return }
            stdinOpen = false
            close(stdinFD)
        }

        func send(_ data: Data) async throws {
            guard stdinOpen else { throw MCPError.connectionClosed }
            var bytes = [UInt8](data)
            bytes.append(UInt8(ascii: "\n"))
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { write(stdinFD, $0.baseAddress! + offset, $0.count - offset) }
                if n > 0 {
                    offset += n
                } else if n < 0, errno == EINTR {
                    continue
                } else if n < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                    try await Task.sleep(for: .milliseconds(1))
                } else {
                    throw MCPError.transportError(POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
                }
            }
        }

        func receive() -> AsyncThrowingStream<Data, any Error> { messages }

        /// Tells the reader to stop waiting for EOF (a process that escaped the group may hold the pipe open).
        nonisolated func abandon() { reader.abandon() }
    }

    /// The last bytes a server wrote to stderr (a crash's traceback ends up here), bounded.
    final class StderrTail: Sendable {
        private let bytes = Mutex<[UInt8]>([])
        static let limit = 2048

        func append(_ chunk: ArraySlice<UInt8>) {
            bytes.withLock { b in
                b.append(contentsOf: chunk)
                if b.count > Self.limit { b.removeFirst(b.count - Self.limit) }
            }
        }

        /// The tail as text, trimmed; the first partial line dropped when the buffer overflowed.
        var text: String {
            let raw = bytes.withLock { $0 }
            var s = String(decoding: raw, as: UTF8.self)
            if raw.count >= Self.limit, let nl = s.firstIndex(of: "\n") { s = String(s[s.index(after: nl)...]) }
            return s.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// The last non-empty line, for one-line status reasons.
        var lastLine: String? { text.split(separator: "\n").last.map(String.init) }
    }

    /// A flag set once, shared across threads: "the pipes are drained" (the server's last words are in the
    /// tail), "the handshake is done".
    final class Latch: Sendable {
        private let done = Atomic<Bool>(false)

        func set() { done.store(true, ordering: .releasing) }

        var isSet: Bool { done.load(ordering: .acquiring) }

        /// Waits until drained, at most `limit` (a process that escaped the group may hold the pipes open).
        func wait(within limit: Duration) async {
            let deadline = ContinuousClock.now + limit
            while !done.load(ordering: .acquiring), ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    /// The thread that drains a server's stdout (into messages) and stderr (into the tail).
    final class PipeReader: Sendable {
        private let stdoutFD: Int32
        private let stderrFD: Int32
        private let tail: StderrTail
        private let drained: Latch
        private let onMessage: @Sendable (Data) -> Void
        private let onEnd: @Sendable () -> Void
        private let abandoned = Atomic<Bool>(false)

        init(
            stdoutFD: Int32, stderrFD: Int32, tail: StderrTail, drained: Latch,
            onMessage: @escaping @Sendable (Data) -> Void, onEnd: @escaping @Sendable () -> Void
        ) {
            self.stdoutFD = stdoutFD
            self.stderrFD = stderrFD
            self.tail = tail
            self.drained = drained
            self.onMessage = onMessage
            self.onEnd = onEnd
        }

        func start() {
            NamedThread.start("axon-mcp-io") { self.run() }
        }

        func abandon() { abandoned.store(true, ordering: .relaxed) }

        private func run() {
            var fds = [
                pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0),
                pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0),
            ]
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            var stdoutOpen = true
            var stderrOpen = true
            while stdoutOpen || stderrOpen {
                // The timeout only bounds how long an abandoned reader lingers; data wakes poll at once.
                let ready = poll(&fds, 2, 1000)
                if ready < 0, errno != EINTR { break }
                if abandoned.load(ordering: .relaxed) { break }
                if ready <= 0 { continue }
                for i in 0..<2 where fds[i].fd >= 0 && fds[i].revents != 0 {
                    let n = buffer.withUnsafeMutableBytes { read(fds[i].fd, $0.baseAddress, $0.count) }
                    if n < 0, errno == EINTR || errno == EAGAIN { continue }
                    if n <= 0 {
                        fds[i].fd = -1
                        if i == 0 {
                            stdoutOpen = false
                            onEnd()
                        } else {
                            stderrOpen = false
                        }
                        continue
                    }
                    if i == 1 {
                        tail.append(buffer[0..<n])
                        continue
                    }
                    pending.append(contentsOf: buffer[0..<n])
                    var start = 0
                    while let nl = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                        if nl > start { onMessage(Data(pending[start..<nl])) }
                        start = nl + 1
                    }
                    pending.removeFirst(start)
                }
            }
            if stdoutOpen { onEnd() }
            close(stdoutFD)
            close(stderrFD)
            drained.set()
        }
    }
#endif
