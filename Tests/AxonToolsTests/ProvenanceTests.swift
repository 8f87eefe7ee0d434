import AxonCore
import AxonTesting
import AxonTools
import Foundation
import Testing

/// `data/provenance.jsonl`: append, read back, and what a damaged or unreadable file does.
@Suite struct ProvenanceTests {
    static let hashA = String(repeating: "a", count: 64)
    static let hashB = String(repeating: "b", count: 64)

    @Test func recordsReadBackAndAnswerAuthorAndReview() throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let provenance = Provenance(root: ws.path)
        try provenance.append(.write(path: "src/tools/x.sh", hash: Self.hashA, agent: "scout", session: "s1"))
        try provenance.append(.decision(.approve, path: "src/tools/x.sh", hash: Self.hashA, by: "alice"))
        try provenance.append(.write(path: "src/tools/x.sh", hash: Self.hashB, agent: "coder", session: nil))
        try provenance.append(.decision(.reject, path: "src/tools/x.sh", hash: Self.hashB, by: "bob"))
        let ledger = provenance.read()
        #expect(ledger.problems.isEmpty)
        #expect(ledger.records.map(\.kind) == [.write, .approve, .write, .reject])
        #expect(ledger.records.first?.session == "s1")
        #expect(ledger.author(path: "src/tools/x.sh", hash: Self.hashA) == "scout")
        #expect(ledger.author(path: "src/tools/x.sh", hash: Self.hashB) == "coder")
        // Another path or another content: nobody is recorded.
        #expect(ledger.author(path: "src/tools/y.sh", hash: Self.hashA) == nil)
        #expect(ledger.author(path: "src/tools/x.sh", hash: String(repeating: "c", count: 64)) == nil)
        guard case .approved(let by, _) = ledger.review(path: "src/tools/x.sh", hash: Self.hashA) else {
            Issue.record("not approved")
            return
        }
        #expect(by == "alice")
        guard case .rejected(let rejector, _) = ledger.review(path: "src/tools/x.sh", hash: Self.hashB) else {
            Issue.record("not rejected")
            return
        }
        #expect(rejector == "bob")
        #expect(ledger.review(path: "src/tools/y.sh", hash: Self.hashA) == .pending)
        // One JSON object per line, keys sorted.
        let first = try #require(try ws.read("data/provenance.jsonl").split(separator: "\n").first)
        #expect(first.hasPrefix(#"{"agent":"scout","hash":"aaaa"#), "\(first)")
        #expect(first.contains(#""kind":"write","path":"src/tools/x.sh","session":"s1","ts":"#))
    }

    @Test func damagedLinesAreSkippedAndNamedAndATornTailDoesNotSwallowTheNextRecord() throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let provenance = Provenance(root: ws.path)
        try provenance.append(.write(path: "src/tools/x.sh", hash: Self.hashA, agent: "scout", session: nil))
        let good = try ws.read("data/provenance.jsonl")
        try ws.write(
            "data/provenance.jsonl",
            good + "not json\n" + #"{"kind":"write","path":"src/tools/x.sh","hash":"short","agent":"a","ts":"x"}"#
                + "\n" + #"{"kind":"approve","path":"src/tools/x.sh","hash":"\#(Self.hashA)"#)
        // The torn last line (no newline) stays one damaged line; the new record starts a line of its own.
        try provenance.append(.decision(.approve, path: "src/tools/x.sh", hash: Self.hashA, by: "alice"))
        let ledger = provenance.read()
        #expect(ledger.records.map(\.kind) == [.write, .approve])
        #expect(
            ledger.problems == [
                "data/provenance.jsonl:2: malformed line; skipped", "data/provenance.jsonl:3: malformed line; skipped",
                "data/provenance.jsonl:4: malformed line; skipped",
            ])
        #expect(ledger.unreadable == nil)
    }

    @Test func aMissingFileIsEmptyAndAnUnreadableOneIsSaid() throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let missing = Provenance(root: ws.path).read()
        #expect(missing.records.isEmpty && missing.problems.isEmpty && missing.unreadable == nil)
        try FileManager.default.createDirectory(
            atPath: ws.path + "/data/provenance.jsonl", withIntermediateDirectories: true)
        let unreadable = Provenance(root: ws.path).read()
        #expect(unreadable.unreadable == "is a directory")
        #expect(unreadable.problems == ["data/provenance.jsonl: cannot be read: is a directory"])
        #expect(throws: POSIX.Failure.self) {
            try Provenance(root: ws.path).append(
                .write(path: "src/tools/x.sh", hash: Self.hashA, agent: "scout", session: nil))
        }
    }
}
