import AxonCore
import AxonTrace

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `trace-append`: buffered append throughput, durable commit latency, and read throughput of the result.
///
/// The entries cycle through a realistic request (prompt, messages, model call, tool call and result) with
/// a few hundred bytes each and secrets configured, so redaction is on the measured path.
enum TraceAppendBenchmark {
    static func run() async throws {
        var template = Array("/tmp/axon-bench-XXXXXX".utf8CString)
        guard let p = mkdtemp(&template) else { fatalError("mkdtemp failed") }
        let dir = String(cString: p)
        defer { _ = system("rm -rf '\(dir)'") }
        let secrets = ["sk-bench-0123456789abcdef", "another-long-secret-value"]

        // 1. Buffered appends.
        let n = 200_000
        let w = try TraceWriter(directory: dir, session: SessionID.make(), secrets: secrets)
        let start = now()
        for i in 0..<n { try await w.append(events[i % events.count], thread: "bench", request: "r1") }
        try await w.commit()
        let appendSeconds = now() - start
        try await w.close()
        let bytes = try fileSize(w.path)
        print(
            line(
                "trace-append.buffered", "entries=\(n)", "seconds=\(fmt(appendSeconds))",
                "entries_per_s=\(Int(Double(n) / appendSeconds))", "MB=\(fmt(Double(bytes) / 1e6))"))

        // 2. Durable commits: 10 appends then commit(), 500 times.
        let d = try TraceWriter(directory: dir, session: SessionID.make(), secrets: secrets)
        var samples: [Double] = []
        for _ in 0..<500 {
            for j in 0..<10 { try await d.append(events[j % events.count], thread: "bench", request: "r1") }
            let t = now()
            try await d.commit()
            samples.append((now() - t) * 1e6)
        }
        try await d.close()
        samples.sort()
        let mean = samples.reduce(0, +) / Double(samples.count)
        print(
            line(
                "trace-append.commit", "commits=500", "appends_per_commit=10", "mean_us=\(fmt(mean))",
                "p50_us=\(fmt(samples[samples.count / 2]))", "p99_us=\(fmt(samples[samples.count * 99 / 100]))"))

        // 3. Reading the 200k-entry trace back (the cost of resuming a thread from a large trace).
        let r = now()
        let read = try TraceReader.read(path: w.path)
        let readSeconds = now() - r
        print(
            line(
                "trace-append.read", "entries=\(read.entries.count)", "seconds=\(fmt(readSeconds))",
                "entries_per_s=\(Int(Double(read.entries.count) / readSeconds))",
                "MB_per_s=\(fmt(Double(bytes) / 1e6 / readSeconds))"))
    }

    static let events: [TraceEvent] = [
        .requestStart(prompt: "Update the knowledge files for the Sources/ tree; keep each file under 2 KB."),
        .message(.user("Update the knowledge files for the Sources/ tree; keep each file under 2 KB.")),
        .modelCall(
            provider: "openai", model: "gpt-4.1-mini", durationMS: 1834,
            billing: Billing(
                usage: Usage(inputTokens: 12_000, outputTokens: 850, cacheReadTokens: 10_240),
                costUSD: 0.007_38)),
        .message(
            .assistant(
                "Reading the package manifest first.",
                toolCalls: [
                    ToolCall(id: "call_1", name: "read_file", arguments: ["path": "Package.swift", "limit": 200])
                ])),
        .toolCall(tool: "read_file", callID: "call_1", arguments: ["path": "Package.swift", "limit": 200]),
        .toolResult(
            tool: "read_file", callID: "call_1", ok: true,
            content: String(repeating: "let package = Package(name: \"axon\", targets: [...])\n", count: 8),
            durationMS: 3),
        .message(.tool(callID: "call_1", content: "// swift-tools-version:6.1\nimport PackageDescription\n")),
    ]

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func fileSize(_ path: String) throws -> Int {
        var st = stat()
        guard stat(path, &st) == 0 else { return 0 }
        return Int(st.st_size)
    }

    static func fmt(_ d: Double) -> String {
        let scaled = (d * 100).rounded() / 100
        return String(scaled)
    }

    static func line(_ name: String, _ fields: String...) -> String {
        ([name] + fields).joined(separator: " ")
    }
}
