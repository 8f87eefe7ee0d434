import AxonCore
import AxonTesting
import Foundation
import Testing

@testable import AxonTrace

@Suite(.timeLimit(.minutes(1))) struct SessionCatalogTests {
    static func id(_ s: String) -> SessionID { SessionID(rawValue: s) }

    /// Three sessions: a finished one (golden), an older crashed one with a torn tail, and a live one.
    func populate(_ dir: String) async throws -> TraceWriter {
        try goldenText().write(
            toFile: dir + "/\(TraceSamples.session.rawValue).jsonl", atomically: false, encoding: .utf8)
        let crashed = "20250101T000000000Z-testhost-0001"
        let line = TraceRecord(
            TraceEntry(
                seq: 1, ts: Timestamp(year: 2025, month: 1, day: 1), session: Self.id(crashed),
                event: TraceSamples.events[0].0)
        ).encodedLine()
        try (line + "{\"v\":1,").write(toFile: dir + "/\(crashed).jsonl", atomically: false, encoding: .utf8)
        let live = try TraceWriter(directory: dir, session: Self.id("20261127T000000000Z-testhost-0002"))
        try await live.append(TraceSamples.events[0].0)
        try await live.commit()
        return live
    }

    @Test func listSummarisesEverySessionWithoutThrowingOnBadOnes() async throws {
        let dir = try TemporaryWorkspace(prefix: "axon-catalog")
        defer { dir.remove() }
        let live = try await populate(dir.path)
        try "not json\n{}\n".write(
            toFile: dir.path + "/20240101T000000000Z-x-0003.jsonl", atomically: false, encoding: .utf8)
        let list = try SessionCatalog(directory: dir.path).list()
        #expect(
            list.map(\.id.rawValue) == [
                "20240101T000000000Z-x-0003", "20250101T000000000Z-testhost-0001",
                TraceSamples.session.rawValue, "20261127T000000000Z-testhost-0002",
            ])
        #expect(list[0].problem?.contains(":1: malformed") == true)
        #expect(list[1].problem?.contains("torn") == true)
        #expect(list[1].agent == "scout" && list[1].ended == nil)
        let done = list[2]
        #expect(done.agent == "scout" && done.shape == .fleet && done.endReason == "completed")
        #expect(done.requests == 1 && done.usage.inputTokens == 1200 && done.costUSD == 0.000_738)
        #expect(done.started == TraceSamples.ts(0) && done.problem == nil && !done.isLive)
        #expect(list[3].isLive && !list[2].isLive)
        try await live.close()
        #expect(try SessionCatalog(directory: dir.path).list()[3].isLive == false)
    }

    @Test func pathResolvesExactIdsAndUniquePrefixes() async throws {
        let dir = try TemporaryWorkspace(prefix: "axon-prefix")
        defer { dir.remove() }
        let live = try await populate(dir.path)
        let catalog = SessionCatalog(directory: dir.path)
        #expect(try catalog.path(for: "2025") == dir.path + "/20250101T000000000Z-testhost-0001.jsonl")
        #expect(try catalog.path(for: TraceSamples.session.rawValue)?.hasSuffix("0a1b.jsonl") == true)
        #expect(try catalog.path(for: "1999") == nil)
        #expect(throws: TraceError.notFound(id: "1999", directory: dir.path)) { try catalog.resolve("1999") }
        #expect {
            try catalog.path(for: "2026")
        } throws: { error in
            guard case .ambiguous(let p, let candidates) = error as? TraceError else { return false }
            return p == "2026" && candidates.count == 2 && error.localizedDescription.isEmpty == false
        }
        try await live.close()
    }

    @Test func pruneSkipsLiveAndRecentSessionsAndDeleteUnlinks() async throws {
        let dir = try TemporaryWorkspace(prefix: "axon-prune")
        defer { dir.remove() }
        let live = try await populate(dir.path)
        let catalog = SessionCatalog(directory: dir.path)
        let candidates = try catalog.pruneCandidates(before: Timestamp(year: 2030, month: 1, day: 1))
        #expect(candidates.map(\.id.rawValue) == ["20250101T000000000Z-testhost-0001", TraceSamples.session.rawValue])
        let older = try catalog.pruneCandidates(before: Timestamp(year: 2026, month: 1, day: 1))
        #expect(older.map(\.id.rawValue) == ["20250101T000000000Z-testhost-0001"])
        #expect(try catalog.delete(older) == [Self.id("20250101T000000000Z-testhost-0001")])
        #expect(try catalog.list().count == 2)
        // A live session is never deleted, even when asked.
        let liveSummary = try catalog.list().first { $0.isLive }!
        #expect(try catalog.delete([liveSummary]).isEmpty)
        try await live.close()
    }
}
