public import AxonCore
import Foundation

/// The named threads of a repo, from their indexes (`axon threads`).
public enum ThreadCatalog {
    public struct Summary: Sendable, Equatable {
        public var thread: ThreadName
        public var requests: Int
        public var compactions: Int
        public var sessions: Int
        public var tokens: Int
        public var lastActivity: Timestamp?
    }

    /// Every thread with an index under `dataDirectory/threads`, sorted by name.
    public static func list(dataDirectory: String) throws(ThreadsError) -> [Summary] {
        let directory = dataDirectory + "/threads"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".jsonl") && !$0.hasPrefix(".") }.sorted()
        return try names.map { name throws(ThreadsError) in
            let thread = ThreadName(String(name.dropLast(6)))
            let entries = try ThreadIndex(dataDirectory: dataDirectory, thread: thread).all()
            let requests = entries.filter { $0.kind == .request }
            return Summary(
                thread: thread, requests: requests.count, compactions: entries.count - requests.count,
                sessions: Set(entries.map(\.session)).count, tokens: requests.reduce(0) { $0 + $1.tokens },
                lastActivity: entries.map(\.ts).max())
        }
    }
}
