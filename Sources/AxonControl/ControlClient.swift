import Foundation

/// A client of a session's control socket (what `axon request` uses).
///
/// Replies are read on a thread of their own and delivered through `replies`, which finishes when the server
/// closes the connection.
public final class ControlClient: Sendable {
    public let path: String
    public let replies: AsyncStream<ControlReply>
    let fd: Int32

    /// Connects to the socket at `path`.
    public init(path: String) throws(ControlError) {
        self.path = path
        fd = try UnixSocket.connect(path: path)
        let (stream, continuation) = AsyncStream.makeStream(of: ControlReply.self)
        replies = stream
        let fd = fd
        let thread = Thread {
            UnixSocket.readLines(fd) { line in
                do throws(ControlError) {
                    continuation.yield(try ControlWire.decodeReply(line))
                } catch {
                    continuation.yield(.error(id: nil, code: error.code, message: error.description))
                }
            }
            continuation.finish()
        }
        thread.name = "axon-control-client"
        thread.start()
    }

    /// Sends one line. Throws when the session is gone.
    public func send(_ request: ControlRequest) throws(ControlError) {
        guard UnixSocket.writeLine(fd, ControlWire.encode(request)) else {
            throw .socket(operation: "write", path: path, errno: errno)
        }
    }

    /// Closes the connection (the reader thread sees EOF and finishes `replies`).
    public func close() {
        shutdown(fd, Int32(SHUT_RDWR))
    }

    deinit { Glibc.close(fd) }
}
