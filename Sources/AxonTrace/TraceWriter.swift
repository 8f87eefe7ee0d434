public import AxonCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Appends one session's trace: `directory/<session>.jsonl`, one writer per session.
///
/// Contract:
/// - `append` numbers lines 1, 2, 3… (no gaps), stamps `ts`, redacts secrets and encodes into memory; it does
///   no I/O except handing a full buffer (~64 KiB) to the file queue. It is *not* durable.
/// - `commit` makes every line appended before the call durable (written and fsynced). The runtime commits at
///   request end. Concurrent commits share fsyncs (group commit): while one fsync runs, later callers wait and
///   the next single fsync covers all of them.
/// - The writer holds an exclusive `flock` on the file for its lifetime; `SessionCatalog` reads a refused
///   shared lock as "live".
/// - A failed write (disk full, I/O error) is rolled back to the last complete line; from then on every
///   `append` and `commit` throws that error. The file stays a valid trace of every line written before.
/// - `close` commits, unlocks and closes. Lines appended but never committed are lost if the process dies
///   (or if the writer is dropped without `close`).
///
/// Opening an existing trace (a session id reused) continues its numbering after repairing a torn tail.
public actor TraceWriter {
    public nonisolated let session: SessionID
    public nonisolated let path: String

    /// Buffered bytes beyond this are handed to the file queue without waiting for a commit.
    static let flushThreshold = 64 * 1024

    private let io: TraceFileIO
    private let redactor: Redactor
    private var buffer: [UInt8] = []
    private var line = ""
    private var lastSeq: Int
    private var durableSeq: Int
    private var flushing = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var isClosed = false
    private var lastTS = Timestamp(milliseconds: -1)
    private var lastTSText = ""
    /// The file's length once everything appended so far is written.
    private var appendedLength: Int64

    /// Opens (creates) `directory/<session>.jsonl` for appending, creating `directory` if missing.
    /// - Parameters:
    ///   - secrets: literal values redacted from every line (see `Redactor`; values under 8 characters ignored).
    /// - Throws: `.locked` when another writer holds this session's trace; `.io` for system errors;
    ///   `.malformed`/`.unsupportedVersion` when an existing trace with this id cannot be continued.
    public init(directory: String, session: SessionID, secrets: [String] = []) throws(TraceError) {
        self.session = session
        path = directory + "/" + session.rawValue + ".jsonl"
        redactor = Redactor(secrets: secrets)
        try POSIXFile.makeDirectories(directory)
        let fd = try POSIXFile.openLockedForAppend(path)
        var length: Int64 = 0
        var last = 0
        do throws(TraceError) {
            length = try POSIXFile.size(fd, path: path)
            if length > 0 {
                let existing = try TraceReader.read(path: path)
                if let torn = existing.tornTail {
                    length -= Int64(torn.bytes)
                    guard ftruncate(fd, off_t(length)) == 0 else {
                        throw .io(path: path, operation: "ftruncate", errno: errno)
                    }
                }
                last = existing.lastSeq
            }
        } catch {
            POSIXFile.closeDescriptor(fd)
            throw error
        }
        io = TraceFileIO(fd: fd, path: path, length: length)
        appendedLength = length
        lastSeq = last
        durableSeq = last
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    /// Buffers one line and returns the entry as written: numbered, stamped and redacted.
    /// - Throws: `.closed` after `close`; the writer's failure (`.diskFull`, `.io`) after a failed write.
    @discardableResult
    public func append(_ event: TraceEvent, thread: ThreadName? = nil, request: RequestID? = nil) throws(TraceError)
        -> TraceEntry
    {
        try appendLocated(event, thread: thread, request: request).entry
    }

    /// `append`, also returning the byte range the line will occupy in the file (newline included), so an
    /// index can point at it. The range is final once the line is committed.
    public func appendLocated(_ event: TraceEvent, thread: ThreadName? = nil, request: RequestID? = nil)
        throws(TraceError) -> (entry: TraceEntry, range: Range<Int64>)
    {
        if isClosed { throw .closed(path: path) }
        if let failure = io.failure { throw failure }
        lastSeq += 1
        let ts = Timestamp.now()
        if ts != lastTS {
            lastTS = ts
            lastTSText = ts.rfc3339
        }
        let entry = redactor.redact(
            TraceEntry(seq: lastSeq, ts: ts, session: session, thread: thread, request: request, event: event))
        line.removeAll(keepingCapacity: true)
        TraceRecord(entry, tsText: lastTSText).encode(into: &line)
        let start = appendedLength
        buffer.append(contentsOf: line.utf8)
        appendedLength += Int64(line.utf8.count)
        if buffer.count >= Self.flushThreshold {
            io.write(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
        return (entry, start..<appendedLength)
    }

    /// Makes every line appended before this call durable (written and fsynced); concurrent callers share fsyncs.
    /// - Throws: `.closed` after `close`; `.diskFull` or `.io` when the write or fsync fails (the file is rolled
    ///   back to its last complete line and the writer is unusable from then on).
    public func commit() async throws(TraceError) {
        if isClosed { throw .closed(path: path) }
        try await commitAppended()
    }

    /// Commits, releases the lock and closes the file. Calling it again does nothing.
    /// - Throws: the commit's error; the file is closed either way.
    public func close() async throws(TraceError) {
        if isClosed { return }
        isClosed = true
        var failure: TraceError?
        do throws(TraceError) { try await commitAppended() } catch { failure = error }
        await io.close()
        if let failure { throw failure }
    }

    /// The last sequence number handed out (0 before the first append).
    public var lastSequence: Int { lastSeq }

    /// fsyncs run so far (for tests of group commit).
    var fsyncCount: Int { io.fsyncCount }

    private func commitAppended() async throws(TraceError) {
        if let failure = io.failure { throw failure }
        let target = lastSeq
        while durableSeq < target {
            if flushing {
                // Someone's fsync is running; the next one (ours or another waiter's) will include our lines.
                await withCheckedContinuation { waiters.append($0) }
                if let failure = io.failure { throw failure }
                continue
            }
            flushing = true
            let chunk = buffer
            buffer.removeAll(keepingCapacity: true)
            let upTo = lastSeq
            let result = await io.writeAndSync(chunk)
            flushing = false
            if case .success = result { durableSeq = upTo }
            let woken = waiters
            waiters.removeAll()
            for w in woken { w.resume() }
            try result.get()
        }
    }
}
