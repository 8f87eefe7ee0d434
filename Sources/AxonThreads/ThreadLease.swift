public import AxonCore

/// Who holds a thread: written into the lock file so a waiter can name the holder.
public struct LeaseHolder: Sendable, Equatable, CustomStringConvertible {
    public var session: SessionID
    public var pid: Int
    public var host: String
    public var since: Timestamp

    public init(session: SessionID, pid: Int, host: String, since: Timestamp) {
        self.session = session
        self.pid = pid
        self.host = host
        self.since = since
    }

    public var description: String { "session \(session) (pid \(pid) on \(host)) since \(since.rfc3339)" }

    var json: JSONValue {
        [
            "session": .string(session.rawValue), "pid": .int(pid), "host": .string(host),
            "since": .string(since.rfc3339),
        ]
    }

    init?(json text: String) {
        guard let v = try? JSONValue(parsing: text), let session = v["session"]?.stringValue,
            let pid = v["pid"]?.intValue, let host = v["host"]?.stringValue,
            let since = v["since"]?.stringValue.flatMap(Timestamp.init(parsing:))
        else { return nil }
        self.init(session: SessionID(rawValue: session), pid: pid, host: host, since: since)
    }
}

/// The right to write a thread, held from `request.start` to `request.end`.
///
/// A thread is written by one request at a time, across processes. Conformers: `FileThreadLease` (flock, one
/// machine); a conditional-write lease on object storage can conform later for fleets sharing a bucket.
public protocol ThreadLease: Sendable {
    /// Waits until the thread is free or `timeout` passes.
    /// - Throws: `ThreadsError.busy` naming the holder after the timeout; `.cancelled` if the task is cancelled.
    func acquire(_ thread: ThreadName, holder: LeaseHolder, timeout: Duration) async throws(ThreadsError)
        -> any HeldLease
}

/// A lease being held; `release()` gives it back (idempotent).
public protocol HeldLease: Sendable {
    func release() async
}
