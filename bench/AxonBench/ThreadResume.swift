import AxonCore
import AxonThreads
import AxonTrace
import Foundation

/// `axon-bench thread-resume AXON [REQUESTS]`: resume a thread with REQUESTS prior requests (~5 KB of trace
/// each) within a 100k-token context. Measures `axon run -t big -p …` from process start to exit: the first
/// resume (which compacts what does not fit) and the next (which starts from the compaction).
/// Target: ≤ 100 ms at 10,000 requests; at 100,000, no more than 2× that.
enum ThreadResume {
    static func main(_ args: [String]) async throws {
        guard let binary = args.first else {
            print("usage: axon-bench thread-resume PATH-TO-AXON [REQUESTS]")
            return
        }
        let count = args.count > 1 ? Int(args[1]) ?? 10_000 : 10_000
        let dir = NSTemporaryDirectory() + "axon-resume-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
        try """
        version: 1
        models:
          offline: {provider: replay, context_tokens: 100000, max_tokens: 4096}
        defaults: {model: offline}
        """.write(toFile: dir + "/fleet.yaml", atomically: true, encoding: .utf8)

        let started = Date()
        let bytes = try await generate(count: count, root: dir)
        print(
            "thread-resume: \(count) prior requests, \(bytes / 1_000_000) MB of trace (generated in "
                + "\(Int(Date().timeIntervalSince(started)))s)")
        // Flush the generated traces first: their writeback would otherwise stall the runs' own fsyncs.
        sync()
        let indexPath = ThreadIndex(dataDirectory: dir + "/data", thread: "big").path
        let pristine = try FileManager.default.attributesOfItem(atPath: indexPath)[.size] as! Int
        let run = { try RunLatency.measure(binary, ["run", "--repo", dir, "-t", "big", "-p", "and now?"]) }
        // A resume that must compact: the index is cut back to the generated history before each run.
        var compacting: [(Double, Int, Double)] = []
        for _ in 0..<7 {
            truncate(indexPath, off_t(pristine))
            compacting.append(try run())
        }
        // Resumes that start from the latest compaction (the history keeps growing by one request each).
        var resuming: [(Double, Int, Double)] = []
        for _ in 0..<7 { resuming.append(try run()) }
        report("resume that compacts", compacting)
        report("resume from the compaction", resuming)
    }

    static func report(_ label: String, _ runs: [(Double, Int, Double)]) {
        let ms = runs.map(\.0).sorted()
        let cpu = runs.map(\.2).sorted()
        let rss = runs.map(\.1).max()!
        print(
            "  \(label) (\(ms.count) runs): wall median \(RunLatency.fmt(ms[ms.count / 2])) ms, min "
                + "\(RunLatency.fmt(ms[0])) ms; CPU median \(RunLatency.fmt(cpu[cpu.count / 2])) ms; "
                + "peak RSS \(RunLatency.fmt(Double(rss) / 1024)) MiB")
    }

    /// Writes `count` requests of thread `big` into sessions of 1,000 requests each, indexing as the runtime does.
    static func generate(count: Int, root: String) async throws -> Int {
        let sessions = root + "/data/sessions"
        let index = ThreadIndex(dataDirectory: root + "/data", thread: "big")
        let paragraph = String(
            repeating: "The quick brown fox jumps over the lazy dog while the agent reads code. ", count: 42)
        var total = 0
        var n = 0
        while n < count {
            let session = SessionID.make()
            let writer = try TraceWriter(directory: sessions, session: session)
            try await writer.append(
                .sessionStart(agent: "default", shape: .oneshot, pid: 1, host: "bench", axon: "0", configHash: "x"))
            var entries: [ThreadIndexEntry] = []
            for r in 1...min(1_000, count - n) {
                n += 1
                let request = RequestID(ordinal: r)
                let user = Message.user("Question \(n): what does module \(n % 97) do? " + paragraph.prefix(200))
                let answer = Message.assistant("Answer \(n): " + paragraph)
                let start = try await writer.appendLocated(
                    .requestStart(prompt: user.content!, threadSeq: n), thread: "big", request: request
                ).range.lowerBound
                try await writer.append(.message(user), thread: "big", request: request)
                try await writer.append(
                    .modelCall(
                        provider: "replay", model: "replay", durationMS: 900,
                        billing: Billing(usage: Usage(inputTokens: 1200, outputTokens: 600))), thread: "big",
                    request: request)
                try await writer.append(.message(answer), thread: "big", request: request)
                let end = try await writer.appendLocated(
                    .requestEnd(status: .ok, usage: Usage(inputTokens: 1200, outputTokens: 600), costUSD: 0),
                    thread: "big", request: request)
                entries.append(
                    ThreadIndexEntry(
                        kind: .request, n: n, session: session, request: request, start: start,
                        end: end.range.upperBound,
                        tokens: ThreadIndexEntry.estimateTokens(of: [user, answer]), status: "ok", ts: end.entry.ts))
                total = Int(end.range.upperBound)
            }
            try await writer.append(.sessionEnd(reason: "completed", requests: entries.count, usage: .zero, costUSD: 0))
            try await writer.close()
            try index.append(entries)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: sessions)
        return try files.reduce(0) {
            $0 + ((try FileManager.default.attributesOfItem(atPath: sessions + "/" + $1)[.size] as? Int) ?? 0)
        }
    }
}
