import AxonCore
import AxonTesting
import Foundation
import Testing

@testable import AxonThreads

@Suite struct ThreadIndexTests {
    func entry(_ n: Int, _ kind: ThreadIndexEntry.Kind = .request, tokens: Int = 10) -> ThreadIndexEntry {
        ThreadIndexEntry(
            kind: kind, n: n, session: SessionID(rawValue: "s\(n)"), request: "r1", start: Int64(n * 100),
            end: Int64(n * 100 + 50), tokens: tokens, status: kind == .request ? "ok" : nil,
            ts: Timestamp(milliseconds: Int64(n) * 1000))
    }

    @Test func lineRoundTripsWithFixedKeyOrder() {
        let e = entry(7)
        #expect(
            e.line
                == #"{"v":1,"type":"request","n":7,"session":"s7","request":"r1","start":700,"end":750,"tokens":10,"status":"ok","ts":"1970-01-01T00:00:07.000Z"}"#
                + "\n")
        #expect(ThreadIndexEntry(line: Substring(e.line.dropLast())) == e)
        #expect(ThreadIndexEntry(line: "{\"v\":2}") == nil)
        #expect(ThreadIndexEntry(line: "garbage") == nil)
    }

    @Test func tailStopsAtTheBudgetAndReportsTruncation() throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let index = ThreadIndex(dataDirectory: ws.path, thread: "t")
        try index.append((1...10).map { entry($0) })
        let tail = try index.tail(budget: 35)
        #expect(tail.requests.map(\.n) == [8, 9, 10])
        #expect(tail.truncated)
        #expect(tail.lastN == 10)
        let all = try index.tail(budget: 1_000)
        #expect(all.requests.count == 10)
        #expect(!all.truncated)
    }

    @Test func tailStartsFromTheLatestCompaction() throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let index = ThreadIndex(dataDirectory: ws.path, thread: "t")
        try index.append([entry(1), entry(2), entry(3, .compaction), entry(3), entry(4)])
        let tail = try index.tail(budget: 1_000)
        #expect(tail.compaction?.n == 3)
        #expect(tail.requests.map(\.n) == [3, 4])
        #expect(!tail.truncated)
    }

    @Test func aTornLastLineIsIgnoredButADamagedMiddleLineIsAnError() throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let index = ThreadIndex(dataDirectory: ws.path, thread: "t")
        try index.append([entry(1), entry(2)])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: index.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"v\":1,\"type\":\"requ".utf8))
        try handle.close()
        #expect(try index.tail(budget: 100).requests.map(\.n) == [1, 2])

        try ws.write("threads/u.jsonl", entry(1).line + "not json\n" + entry(2).line)
        #expect(throws: ThreadsError.self) {
            _ = try ThreadIndex(dataDirectory: ws.path, thread: "u").all()
        }
    }

    @Test func missingIndexIsAnEmptyThread() throws {
        let tail = try ThreadIndex(dataDirectory: "/nonexistent", thread: "t").tail(budget: 10)
        #expect(tail.requests.isEmpty && tail.compaction == nil && tail.lastN == 0)
    }

    @Test func readsBackwardAcrossChunkBoundaries() throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        // Lines longer than the 64 KiB chunk, and many short ones.
        let long = String(repeating: "x", count: 150_000)
        try ws.write("f", (["a", long, "b"] + (1...3000).map { "line \($0)" }).joined(separator: "\n") + "\n")
        var lines: [String] = []
        try FileIO.linesBackward(ws.path + "/f") { (line, _) throws(ThreadsError) -> Bool in
            lines.append(String(line))
            return true
        }
        #expect(lines.count == 3003)
        #expect(lines.last == "a")
        #expect(lines[lines.count - 2] == long)
        #expect(lines.first == "line 3000")
    }

    @Test(arguments: ["alpha", "a.b_c-1", "20261126T001617123Z-vm-4c10"])
    func validNames(name: String) { #expect(ThreadName.validate(name) == nil) }

    @Test(arguments: ["", "../x", "a/b", ".hidden", "-x", "sp ace", String(repeating: "a", count: 129), "ü"])
    func invalidNames(name: String) { #expect(ThreadName.validate(name) != nil) }
}

@Suite struct ToolPairRepairTests {
    @Test func aCallWithoutAResultGetsASyntheticErrorResult() {
        let call = ToolCall(id: "c1", name: "read_file", arguments: [:])
        let repaired = ThreadHistory.repairToolPairs([
            .user("go"), .assistant(nil, toolCalls: [call]), .user("next"),
        ])
        #expect(repaired.map(\.role) == [.user, .assistant, .tool, .user])
        #expect(repaired[2].callID == "c1")
        #expect(repaired[2].isError)
    }

    @Test func orphanResultsAreDroppedAndGoodPairsKept() {
        let call = ToolCall(id: "c1", name: "x", arguments: [:])
        let repaired = ThreadHistory.repairToolPairs([
            .tool(callID: "ghost", content: "?"), .user("go"), .assistant("a", toolCalls: [call]),
            .tool(callID: "c1", content: "ok"), .tool(callID: "c1", content: "duplicate"), .assistant("done"),
        ])
        #expect(repaired.map(\.role) == [.user, .assistant, .tool, .assistant])
        #expect(repaired[2].content == "ok")
    }

    @Test func aTrailingCallIsClosed() {
        let call = ToolCall(id: "c9", name: "x", arguments: [:])
        let repaired = ThreadHistory.repairToolPairs([.user("go"), .assistant(nil, toolCalls: [call])])
        #expect(repaired.last?.callID == "c9")
    }
}
