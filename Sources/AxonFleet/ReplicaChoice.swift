public import AxonCore

/// Which replica of an agent takes a request (`axon request -a AGENT`), from each replica's `status`.
///
/// A thread is written by one request at a time fleet-wide (the thread lease), so a request on a thread that a
/// replica is already working on joins that replica's queue rather than wait on the lease in another. Otherwise an
/// idle replica takes it (the lowest-numbered), else the one with the shortest queue. Replicas that did not
/// answer are not candidates.
public enum ReplicaChoice {
    /// One replica as it answered: its socket and its `status` fields (nil: no answer).
    public struct Candidate: Sendable {
        public var path: String
        public var status: [String: JSONValue]?

        public init(path: String, status: [String: JSONValue]?) {
            self.path = path
            self.status = status
        }

        var queued: Int { status?["queued"]?.intValue ?? (status?["busy"]?.boolValue == true ? 1 : 0) }
        var threads: [String] { status?["threads"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    }

    /// The candidates in the order to try them (replica order within a rank), the chosen one first.
    /// - Parameter thread: the request's thread (its `-t`, else the agent's `thread:`); nil for none.
    public static func order(_ candidates: [Candidate], thread: String?) -> [String] {
        let answered = candidates.enumerated().filter { $0.element.status != nil }
        func rank(_ candidate: Candidate) -> Int {
            if let thread, candidate.threads.contains(thread) { return 0 }
            return candidate.queued == 0 ? 1 : 2
        }
        return answered.sorted { a, b in
            let (ra, rb) = (rank(a.element), rank(b.element))
            if ra != rb { return ra < rb }
            if ra == 2, a.element.queued != b.element.queued { return a.element.queued < b.element.queued }
            return a.offset < b.offset
        }.map(\.element.path)
    }
}
