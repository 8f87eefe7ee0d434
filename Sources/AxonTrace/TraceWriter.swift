public import AxonCore

/// Appends one session's trace. (Skeleton: the durable implementation replaces this file.)
public actor TraceWriter {
    public let session: SessionID
    public let path: String

    /// Opens (creates) `directory/<session>.jsonl` for appending. `secrets` are values redacted from every line.
    public init(directory: String, session: SessionID, secrets: [String] = []) throws(TraceError) {
        self.session = session
        self.path = directory + "/" + session.rawValue + ".jsonl"
    }

    /// Buffers one line; returns the entry with its `seq` and `ts`.
    @discardableResult
    public func append(_ event: TraceEvent, thread: ThreadName? = nil, request: RequestID? = nil) throws(TraceError)
        -> TraceEntry
    {
        TraceEntry(seq: 0, ts: .now(), session: session, thread: thread, request: request, event: event)
    }

    /// Writes every buffered line and fsyncs; concurrent callers share one fsync.
    public func commit() async throws(TraceError) {}

    /// Commits and closes. Appending after close throws.
    public func close() async throws(TraceError) {}
}
