import AxonCore
import Foundation
import Synchronization

/// A client of a session's control socket (what `axon request` uses).
///
/// Replies are read on a thread of their own and delivered through `replies`, which finishes when the server
/// closes the connection. The reader thread owns the descriptor's lifetime: it closes it at end of stream, and
/// `send` after that throws instead of writing to a descriptor number someone else may have reused.
public final class ControlClient: Sendable {
    public let path: String
    public let replies: AsyncStream<ControlReply>
    private let fd: Mutex<Int32?>

    /// Connects to the socket at `path`.
    /// - Throws: `.socket` (`connect` failing with ENOENT or ECONNREFUSED means the session has ended).
    public init(path: String) throws(ControlError) {
        self.path = path
        let socket = try UnixSocket.connect(path: path)
        fd = Mutex(socket)
        let (stream, continuation) = AsyncStream.makeStream(of: ControlReply.self)
        replies = stream
        NamedThread.start("axon-ctl-client") { [self] in
            UnixSocket.readLines(socket) { line in
                do throws(ControlError) {
                    continuation.yield(try ControlWire.decodeReply(line))
                } catch {
                    continuation.yield(.error(id: nil, code: error.code, message: error.description))
                }
            }
            fd.withLock { fd in
                fd = nil
                Glibc.close(socket)
            }
            continuation.finish()
        }
    }

    /// Sends one line. Throws when the session is gone.
    public func send(_ request: ControlRequest) throws(ControlError) {
        let line = ControlWire.encode(request)
        let sent = fd.withLock { fd in fd.map { UnixSocket.writeLine($0, line) } ?? false }
        guard sent else { throw .closed(path: path) }
    }

    /// Closes the connection (the reader thread sees end of stream, closes the socket and finishes `replies`).
    public func close() {
        fd.withLock { fd in
            if let fd { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }
}
