import AxonCore
import Dispatch
import Foundation
import Synchronization

/// One client connected to a control socket. Replies are written whole lines at a time, in order, by a serial
/// dispatch queue of the connection's own: `send` never blocks the caller (a request's event callback runs in
/// the cooperative pool) even when the client is slow to read. A vanished client is not an error: its lines
/// are dropped.
public final class ControlConnection: Sendable, Hashable {
    /// Unique within the server, for keying a client's requests.
    public let number: Int
    let fd: Int32
    private let open = Mutex(true)
    private let writer = DispatchQueue(label: "axon-control-write")

    init(number: Int, fd: Int32) {
        self.number = number
        self.fd = fd
    }

    /// Queues one reply line for the client.
    public func send(_ reply: ControlReply) {
        let line = ControlWire.encode(reply)
        writer.async { [self] in
            open.withLock { isOpen in
                if isOpen, !UnixSocket.writeLine(fd, line) { isOpen = false }
            }
        }
    }

    func close() {
        open.withLock { isOpen in
            guard isOpen else { return }
            isOpen = false
            shutdown(fd, Int32(SHUT_RDWR))
        }
    }

    public static func == (a: ControlConnection, b: ControlConnection) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(number) }
}

/// A session's control socket: accepts clients and delivers their lines as an `AsyncStream`.
///
/// `accept` and each connection's `read` block on threads of their own, so the cooperative pool never waits on
/// the socket. Malformed lines are answered with an `error` line right away and not delivered.
public final class ControlServer: Sendable {
    /// What the server delivers: a decoded client line, or a client gone.
    public enum Incoming: Sendable {
        case message(ControlRequest, from: ControlConnection)
        case disconnected(ControlConnection)
    }

    /// The socket's path (unlinked by `close`).
    public let path: String
    /// Client lines in arrival order (per connection); finishes when the server closes.
    public let incoming: AsyncStream<Incoming>
    private let continuation: AsyncStream<Incoming>.Continuation
    private let listener: Int32
    private let state = Mutex<(next: Int, connections: [Int: ControlConnection], closed: Bool)>((0, [:], false))

    /// Listens at `path` (its directory is created 0700; a stale socket is replaced).
    public init(path: String) throws(ControlError) {
        try ControlSocketPath.prepareDirectory(for: path)
        self.path = path
        listener = try UnixSocket.listen(path: path)
        let (stream, continuation) = AsyncStream.makeStream(of: Incoming.self)
        incoming = stream
        self.continuation = continuation
        NamedThread.start("axon-accept") { [self] in acceptLoop() }
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                break
            }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            let connection: ControlConnection? = state.withLock { s in
                guard !s.closed else { return nil }
                s.next += 1
                let c = ControlConnection(number: s.next, fd: fd)
                s.connections[c.number] = c
                return c
            }
            guard let connection else {
                Glibc.close(fd)
                break
            }
            let reader = Thread { [self] in readLoop(connection) }
            reader.name = "axon-control-read"
            reader.start()
        }
    }

    private func readLoop(_ connection: ControlConnection) {
        UnixSocket.readLines(connection.fd) { line in
            do throws(ControlError) {
                continuation.yield(.message(try ControlWire.decodeRequest(line), from: connection))
            } catch {
                connection.send(.error(id: nil, code: error.code, message: error.description))
            }
        }
        connection.close()
        state.withLock { _ = $0.connections.removeValue(forKey: connection.number) }
        Glibc.close(connection.fd)
        continuation.yield(.disconnected(connection))
    }

    /// Stops accepting, disconnects every client, unlinks the socket and finishes `incoming`. Idempotent.
    public func close() {
        let connections: [ControlConnection]? = state.withLock { s in
            guard !s.closed else { return nil }
            s.closed = true
            return Array(s.connections.values)
        }
        guard let connections else { return }
        unlink(path)
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
        for c in connections { c.close() }
        continuation.finish()
    }
}
