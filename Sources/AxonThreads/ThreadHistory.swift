public import AxonCore
import AxonTrace

/// Rebuilds a thread's conversation from the trace ranges its index points at.
///
/// Only complete requests (their `request.end` is inside the range) are used: a request cut off by a crash is
/// left out. Tool-call/result pairs are repaired so nothing unpaired is ever sent to a model.
public enum ThreadHistory {
    /// One indexed request as it was recorded.
    public struct Request: Sendable, Equatable {
        public var entry: ThreadIndexEntry
        public var prompt: String
        public var messages: [Message]
        public var status: String
    }

    /// The messages of `entries` (a compaction becomes one user message carrying its summary), in order.
    /// - Returns: the messages and the requests that could not be loaded (incomplete or missing traces).
    public static func messages(
        of entries: [ThreadIndexEntry], thread: ThreadName, sessionsDirectory: String
    ) throws(ThreadsError) -> (messages: [Message], skipped: [ThreadIndexEntry]) {
        var messages: [Message] = []
        var skipped: [ThreadIndexEntry] = []
        for (entry, events) in try load(entries, thread: thread, sessionsDirectory: sessionsDirectory) {
            switch entry.kind {
            case .compaction:
                guard let summary = events.lazy.compactMap(summaryText).first else {
                    skipped.append(entry)
                    continue
                }
                messages.append(.user(summaryPreamble + summary))
            case .request:
                guard events.contains(where: isRequestEnd) else {
                    skipped.append(entry)
                    continue
                }
                for event in events { if case .message(let m) = event { messages.append(m) } }
            }
        }
        return (repairToolPairs(messages), skipped)
    }

    /// Every request of `entries` with its prompt, messages and status (for `axon thread NAME`).
    public static func requests(
        of entries: [ThreadIndexEntry], thread: ThreadName, sessionsDirectory: String
    ) throws(ThreadsError) -> [Request] {
        try load(entries.filter { $0.kind == .request }, thread: thread, sessionsDirectory: sessionsDirectory)
            .compactMap { entry, events in
                var prompt = ""
                var status: String?
                var messages: [Message] = []
                for event in events {
                    switch event {
                    case .requestStart(let p, _): prompt = p
                    case .message(let m): messages.append(m)
                    case .requestEnd(let s, _, _): status = s.rawValue
                    default: break
                    }
                }
                return status.map { Request(entry: entry, prompt: prompt, messages: messages, status: $0) }
            }
    }

    /// How a compaction summary is introduced to the model.
    public static let summaryPreamble = "Summary of the earlier conversation in this thread (compacted by axon):\n\n"

    /// Each entry with the events of its request (or its compaction line), read by byte range.
    static func load(_ entries: [ThreadIndexEntry], thread: ThreadName, sessionsDirectory: String)
        throws(ThreadsError) -> [(ThreadIndexEntry, [TraceEvent])]
    {
        var out: [(ThreadIndexEntry, [TraceEvent])] = []
        for entry in entries {
            let path = sessionsDirectory + "/" + entry.session.rawValue + ".jsonl"
            let bytes: [UInt8]
            do throws(ThreadsError) {
                bytes = try FileIO.read(path, offset: entry.start, count: Int(entry.end - entry.start))
            } catch {
                out.append((entry, []))  // a pruned or missing trace: the entry is skipped, not fatal
                continue
            }
            let parsed = (try? TraceReader.parse(bytes, path: path))?.entries ?? []
            let events = parsed.filter { $0.request == entry.request && $0.thread == thread }.map(\.event)
            out.append((entry, events))
        }
        return out
    }

    static func summaryText(_ event: TraceEvent) -> String? {
        if case .compaction(_, let summary) = event { return summary }
        return nil
    }

    static func isRequestEnd(_ event: TraceEvent) -> Bool {
        if case .requestEnd = event { return true }
        return false
    }

    /// Every assistant tool call gets a result before the next non-tool message (a synthetic error result when
    /// none was recorded), and tool results that answer no call are dropped.
    public static func repairToolPairs(_ messages: [Message]) -> [Message] {
        var out: [Message] = []
        var open: [ToolCall] = []  // calls of the latest assistant message still without a result
        func closeOpen() {
            for call in open {
                out.append(
                    .tool(
                        callID: call.id, content: "error: no result was recorded for this call (interrupted)",
                        isError: true))
            }
            open.removeAll()
        }
        for message in messages {
            switch message.role {
            case .tool:
                guard let i = open.firstIndex(where: { $0.id == message.callID }) else { continue }
                open.remove(at: i)
                out.append(message)
            case .assistant:
                closeOpen()
                out.append(message)
                open = message.toolCalls
            case .user, .system:
                closeOpen()
                out.append(message)
            }
        }
        closeOpen()
        return out
    }
}
