public import AxonCore
import AxonTrace
import Foundation

/// Rebuilds every thread index from the traces alone (`axon threads --reindex`).
///
/// The result is byte-identical to the index the runtime wrote, because every field of an entry comes from
/// the trace: the range of its lines, `thread_seq` for order, the messages for the token estimate.
public enum ThreadReindexer {
    /// Scans every trace under `sessionsDirectory` and rewrites `dataDirectory/threads/` (each file replaced
    /// atomically; indexes of threads no longer in any trace are removed).
    /// - Returns: the threads indexed and their entry counts.
    public static func rebuild(sessionsDirectory: String, dataDirectory: String) throws(ThreadsError)
        -> [ThreadName: Int]
    {
        let indexes = try scan(sessionsDirectory: sessionsDirectory)
        let directory = dataDirectory + "/threads"
        try FileIO.makeDirectories(directory)
        for (thread, entries) in indexes {
            let path = ThreadIndex(dataDirectory: dataDirectory, thread: thread).path
            try FileIO.replaceFile(path, with: Array(entries.map(\.line).joined().utf8))
        }
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in existing where name.hasSuffix(".jsonl") {
            let thread = ThreadName(String(name.dropLast(6)))
            if indexes[thread] == nil { unlink(directory + "/" + name) }
        }
        return indexes.mapValues(\.count)
    }

    /// Every named thread's entries, in thread order.
    static func scan(sessionsDirectory: String) throws(ThreadsError) -> [ThreadName: [ThreadIndexEntry]] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: sessionsDirectory)) ?? [])
            .filter { $0.hasSuffix(".jsonl") }.sorted()
        var indexes: [ThreadName: [ThreadIndexEntry]] = [:]
        for name in names {
            let path = sessionsDirectory + "/" + name
            guard let trace = try? TraceReader.read(path: path) else { continue }  // reported by `axon sessions`
            var open: [RequestID: (start: Int64, n: Int, thread: ThreadName, messages: [Message])] = [:]
            for (entry, range) in zip(trace.entries, trace.lineRanges) {
                guard let request = entry.request, let thread = entry.thread else { continue }
                switch entry.event {
                case .requestStart(_, let n?):
                    open[request] = (Int64(range.lowerBound), n, thread, [])
                case .message(let m):
                    open[request]?.messages.append(m)
                case .compaction(_, let summary):
                    guard let o = open[request] else { continue }
                    indexes[thread, default: []].append(
                        ThreadIndexEntry(
                            kind: .compaction, n: o.n, session: entry.session, request: request,
                            start: Int64(range.lowerBound), end: Int64(range.upperBound),
                            tokens: ThreadIndexEntry.estimateTokens(of: [.user(ThreadHistory.summaryPreamble + summary)]
                            ),
                            status: nil, ts: entry.ts))
                case .requestEnd(let status, _, _):
                    guard let o = open.removeValue(forKey: request) else { continue }
                    indexes[thread, default: []].append(
                        ThreadIndexEntry(
                            kind: .request, n: o.n, session: entry.session, request: request, start: o.start,
                            end: Int64(range.upperBound), tokens: ThreadIndexEntry.estimateTokens(of: o.messages),
                            status: status.rawValue, ts: entry.ts))
                default:
                    break
                }
            }
        }
        return indexes.mapValues { $0.sorted(by: ThreadIndexEntry.precedes) }
    }
}
