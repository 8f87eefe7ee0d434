import AxonCore
import Synchronization

/// The events of one streamed request, kept so a client that reconnects with `Last-Event-ID` gets what it
/// missed: every event is numbered from 1, readers replay what they have not seen and then follow live until
/// the request ends.
///
/// The log also notices when nobody reads it: `onAbandoned` is called once the last reader has been gone for
/// the reconnect window while the request still runs (serve then cancels the request).
final class StreamLog: Sendable {
    struct Event: Sendable, Equatable {
        let seq: Int
        let name: String
        let data: JSONValue
    }

    private struct State {
        var events: [Event] = []
        var finished = false
        var readers: [Int: AsyncStream<Event>.Continuation] = [:]
        var nextReader = 0
        /// Bumped whenever a reader comes or goes: a pending abandonment check that sees another value is stale.
        var epoch = 0
    }

    let key: String
    let thread: String
    private let state = Mutex(State())
    private let reconnectWindow: Duration
    private let onAbandoned: @Sendable () -> Void

    init(key: String, thread: String, reconnectWindow: Duration, onAbandoned: @escaping @Sendable () -> Void) {
        self.key = key
        self.thread = thread
        self.reconnectWindow = reconnectWindow
        self.onAbandoned = onAbandoned
    }

    /// Appends an event and hands it to every reader; `last` ends the log.
    func append(_ name: String, _ data: JSONValue, last: Bool = false) {
        let readers = state.withLock { s -> [AsyncStream<Event>.Continuation] in
            guard !s.finished else { return [] }
            let event = Event(seq: s.events.count + 1, name: name, data: data)
            s.events.append(event)
            s.finished = last
            for reader in s.readers.values { reader.yield(event) }
            return last ? Array(s.readers.values) : []
        }
        for reader in readers { reader.finish() }
    }

    /// The events after `after`, then the live ones until the request ends (or the reader stops reading).
    func read(after: Int) -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self)
        let id = state.withLock { s -> Int in
            for event in s.events where event.seq > after { continuation.yield(event) }
            if s.finished {
                continuation.finish()
                return -1
            }
            s.nextReader += 1
            s.readers[s.nextReader] = continuation
            s.epoch += 1
            return s.nextReader
        }
        if id >= 0 {
            continuation.onTermination = { [weak self] _ in self?.leave(id) }
        }
        return stream
    }

    private func leave(_ id: Int) {
        let epoch = state.withLock { s -> Int? in
            s.readers[id] = nil
            s.epoch += 1
            return s.readers.isEmpty && !s.finished ? s.epoch : nil
        }
        guard let epoch else { return }
        let window = reconnectWindow
        Task { [weak self] in
            try? await Task.sleep(for: window)
            guard let self else { return }
            let abandoned = self.state.withLock { $0.epoch == epoch && $0.readers.isEmpty && !$0.finished }
            if abandoned { self.onAbandoned() }
        }
    }
}

/// The streamed requests serve remembers: running ones, and finished ones for `retention` after they end (the
/// oldest finished ones go first past `capacity`).
final class StreamLogs: Sendable {
    private struct Kept {
        let log: StreamLog
        var finishedAt: ContinuousClock.Instant?
    }

    private let logs = Mutex<[String: Kept]>([:])
    private let retention: Duration
    private let capacity: Int

    init(retention: Duration = .seconds(300), capacity: Int = 1024) {
        self.retention = retention
        self.capacity = capacity
    }

    func add(_ log: StreamLog) {
        logs.withLock { logs in
            prune(&logs)
            logs[log.key] = Kept(log: log, finishedAt: nil)
        }
    }

    func finished(_ key: String) {
        logs.withLock { $0[key]?.finishedAt = .now }
    }

    func log(_ key: String) -> StreamLog? {
        logs.withLock { logs in
            prune(&logs)
            return logs[key]?.log
        }
    }

    private func prune(_ logs: inout [String: Kept]) {
        let now = ContinuousClock.now
        logs = logs.filter { _, kept in kept.finishedAt.map { now - $0 < retention } ?? true }
        let finished = logs.compactMap { key, kept in kept.finishedAt.map { (key, $0) } }.sorted { $0.1 < $1.1 }
        for (key, _) in finished.prefix(max(0, logs.count - capacity)) { logs[key] = nil }
    }
}
