import AxonCore
import AxonTesting
import Foundation
import Testing

@testable import AxonTrace

@Suite struct UsageReportTests {
    static func call(_ model: String, _ tokens: Int, _ cost: Double) -> TraceEvent {
        .modelCall(
            provider: "openai", model: model, durationMS: 10,
            billing: Billing(usage: Usage(inputTokens: tokens, outputTokens: 1), costUSD: cost))
    }

    @Test func sumsModelCallsOnceGroupedEveryWay() async throws {
        let dir = try TemporaryWorkspace(prefix: "axon-usage")
        defer { dir.remove() }
        let a = try TraceWriter(directory: dir.path, session: SessionID(rawValue: "20261126T000000000Z-h-0001"))
        try await a.append(
            .sessionStart(agent: "scout", shape: .fleet, pid: 1, host: "h", axon: "0.1.0", configHash: "c"))
        try await a.append(Self.call("mini", 100, 0.5), thread: "t1", request: "r1")
        try await a.append(
            .requestEnd(status: .ok, usage: Usage(inputTokens: 100), costUSD: 0.5), thread: "t1", request: "r1")
        try await a.append(Self.call("big", 10, 0.25))
        try await a.append(.sessionEnd(reason: "done", requests: 1, usage: Usage(inputTokens: 110), costUSD: 0.75))
        try await a.close()
        let b = try TraceWriter(directory: dir.path, session: SessionID(rawValue: "20261127T000000000Z-h-0002"))
        try await b.append(
            .sessionStart(agent: "writer", shape: .oneshot, pid: 2, host: "h", axon: "0.1.0", configHash: "c"))
        try await b.append(Self.call("mini", 1, 0.125), thread: "t1", request: "r1")
        try await b.close()

        let byAgent = try UsageReport.build(directory: dir.path, by: .agent).rows
        #expect(byAgent.map(\.key) == ["scout", "writer"])
        #expect(byAgent[0].calls == 2 && byAgent[0].usage.inputTokens == 110 && byAgent[0].costUSD == 0.75)
        let byThread = try UsageReport.build(directory: dir.path, by: .thread).rows
        #expect(byThread.map(\.key) == ["-", "t1"] && byThread[1].calls == 2 && byThread[1].usage.inputTokens == 101)
        let byModel = try UsageReport.build(directory: dir.path, by: .model).rows
        #expect(byModel.map(\.key) == ["openai/big", "openai/mini"])
        let byDay = try UsageReport.build(directory: dir.path, by: .day).rows
        #expect(byDay.count == 1 && byDay[0].key == Timestamp.now().day && byDay[0].calls == 3)
        let total = UsageReport.total(byModel)
        #expect(
            total == UsageRow(key: "total", calls: 3, usage: Usage(inputTokens: 111, outputTokens: 3), costUSD: 0.875))
        #expect(try UsageReport.build(directory: dir.path + "/missing", by: .agent).rows.isEmpty)
    }

    @Test func aDamagedTraceCountsWhatCanBeReadAndNamesEachSkippedLine() async throws {
        let dir = try TemporaryWorkspace(prefix: "axon-usage-damaged")
        defer { dir.remove() }
        let id = SessionID(rawValue: "20261126T000000000Z-h-0001")
        let a = try TraceWriter(directory: dir.path, session: id)
        try await a.append(
            .sessionStart(agent: "scout", shape: .oneshot, pid: 1, host: "h", axon: "0.1.0", configHash: "c"))
        try await a.append(Self.call("mini", 100, 0.5))
        try await a.append(Self.call("mini", 7, 0.25))
        try await a.append(.sessionEnd(reason: "done", requests: 0, usage: .zero, costUSD: 0))
        try await a.close()
        let path = dir.path + "/" + id.rawValue + ".jsonl"
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[1] = "{\"v\":1,\"seq\":2,"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)

        let scan = try UsageReport.build(directory: dir.path, by: .agent)
        #expect(
            scan.rows == [
                UsageRow(key: "scout", calls: 1, usage: Usage(inputTokens: 7, outputTokens: 1), costUSD: 0.25)
            ])
        #expect(scan.problems.count == 1)
        #expect(scan.problems.first?.hasPrefix(path + ":2: malformed line") == true, "\(scan.problems)")
        // The strict reader still refuses the file: `axon trace` on it fails.
        #expect(throws: TraceError.self) { try TraceReader.read(path: path) }
        let summary = try #require(try SessionCatalog(directory: dir.path).list().first)
        #expect(summary.isDamaged && summary.agent == "scout" && summary.endReason == "done")
    }
}
