import AxonCore
import AxonTesting
import Foundation
import Testing

@testable import AxonTrace

@Suite(.timeLimit(.minutes(1))) struct TraceWriterTests {
    @Test func seqHasNoGapsAcrossCommitsAndAppendIsNotDurableUntilCommit() async throws {
        let dir = try TemporaryWorkspace(prefix: "axon-writer")
        defer { dir.remove() }
        let w = try TraceWriter(directory: dir.path + "/data/sessions", session: TraceSamples.session)
        for (event, _) in TraceSamples.events.prefix(3) { try await w.append(event) }
        #expect(try POSIXFile.readAll(w.path).isEmpty)
        try await w.commit()
        #expect(try TraceReader.read(path: w.path).entries.count == 3)
        for (event, inRequest) in TraceSamples.events.dropFirst(3) {
            try await w.append(event, thread: inRequest ? "t" : nil, request: inRequest ? "r1" : nil)
            try await w.commit()
        }
        try await w.close()
        let read = try TraceReader.read(path: w.path)
        #expect(read.entries.map(\.seq) == Array(1...TraceSamples.events.count))
        #expect(read.entries.map(\.event) == TraceSamples.events.map(\.0))
        #expect(read.entries[3].thread == "t")
    }

    @Test func groupCommitSharesFsyncsAndKeepsEveryLine() async throws {
        let dir = try TemporaryWorkspace(prefix: "axon-group")
        defer { dir.remove() }
        let w = try TraceWriter(directory: dir.path, session: TraceSamples.session)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<50 {
                group.addTask {
                    let e = try await w.append(
                        .requestStart(prompt: "task \(i)"), thread: ThreadName("t\(i)"),
                        request: RequestID(rawValue: "r\(i)"))
                    try await w.commit()
                    return e.seq
                }
            }
            var seqs: [Int] = []
            for try await s in group { seqs.append(s) }
            #expect(seqs.sorted() == Array(1...50))
        }
        let syncs = await w.fsyncCount
        #expect(syncs < 50, "each commit ran its own fsync: \(syncs)")
        try await w.close()
        let read = try TraceReader.read(path: w.path)
        #expect(read.entries.map(\.seq) == Array(1...50))
        #expect(Set(read.entries.map { "\($0.event)" }).count == 50)
    }

    @Test func largeBuffersFlushInOrder() async throws {
        let dir = try TemporaryWorkspace(prefix: "axon-flush")
        defer { dir.remove() }
        let w = try TraceWriter(directory: dir.path, session: TraceSamples.session)
        let text = String(repeating: "x", count: 3000)
        for _ in 0..<200 { try await w.append(.message(.assistant(text))) }
        try await w.close()
        #expect(try TraceReader.read(path: w.path).entries.map(\.seq) == Array(1...200))
    }

    @Test func secondWriterOnALiveSessionIsRefused() async throws {
        let dir = try TemporaryWorkspace(prefix: "axon-lock")
        defer { dir.remove() }
        let w = try TraceWriter(directory: dir.path, session: TraceSamples.session)
        #expect(throws: TraceError.locked(path: w.path)) {
            _ = try TraceWriter(directory: dir.path, session: TraceSamples.session)
        }
        try await w.close()
        await #expect(throws: TraceError.closed(path: w.path)) { try await w.append(.requestStart(prompt: "late")) }
    }

    @Test func reopeningATraceRepairsItsTornTailAndContinuesSeq() async throws {
        let dir = try TemporaryWorkspace(prefix: "axon-reopen")
        defer { dir.remove() }
        let path = dir.path + "/\(TraceSamples.session.rawValue).jsonl"
        try (goldenText() + #"{"v":1,"seq":15,"ts""#).write(toFile: path, atomically: false, encoding: .utf8)
        let w = try TraceWriter(directory: dir.path, session: TraceSamples.session)
        let e = try await w.append(.requestStart(prompt: "again"))
        let next = TraceSamples.entries.count + 1
        #expect(e.seq == next)
        try await w.close()
        let read = try TraceReader.read(path: path)
        #expect(read.tornTail == nil)
        #expect(read.entries.map(\.seq) == Array(1...next))
    }
}
