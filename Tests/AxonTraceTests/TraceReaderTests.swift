import AxonCore
import Testing

@testable import AxonTrace

@Suite struct TraceReaderTests {
    @Test func partialLastLineIsATornTailAndEveryCommittedLineIsKept() throws {
        let golden = try goldenText()
        try withTraceFile(golden + #"{"v":1,"seq":15,"ts":"2026-11-26T00:1"#) { path in
            let r = try TraceReader.read(path: path)
            #expect(r.entries == TraceSamples.entries)
            #expect(r.tornTail == TornTail(line: TraceSamples.entries.count + 1, bytes: 37))
        }
    }

    @Test func garbageLastLineIsATornTail() throws {
        let golden = try goldenText()
        try withTraceFile(golden + "\u{0}\u{0}garbage\n") { path in
            let r = try TraceReader.read(path: path)
            #expect(r.entries == TraceSamples.entries)
            #expect(r.tornTail == TornTail(line: TraceSamples.entries.count + 1, bytes: 10))
        }
    }

    @Test func malformedMiddleLineIsAnErrorWithItsLineNumber() throws {
        var lines = try goldenText().split(separator: "\n").map(String.init)
        lines[4] = String(lines[4].dropLast(5))
        try withTraceFile(lines.joined(separator: "\n") + "\n") { path in
            #expect {
                try TraceReader.read(path: path)
            } throws: { error in
                guard case .malformed(let p, let line, _) = error as? TraceError else { return false }
                return p == path && line == 5
            }
        }
    }

    @Test func newerVersionIsAClearError() throws {
        let line = #"{"v":2,"seq":1,"ts":"2026-11-26T00:16:17.123Z","type":"request.start","session":"s","prompt":"x"}"#
        try withTraceFile(line + "\n") { path in
            #expect(throws: TraceError.unsupportedVersion(path: path, line: 1, version: 2)) {
                try TraceReader.read(path: path)
            }
            #expect(TraceError.unsupportedVersion(path: path, line: 1, version: 2).description.contains("upgrade axon"))
        }
    }

    @Test func unknownTypeIsSkippedAndReported() throws {
        let lines = try goldenText().split(separator: "\n").map(String.init)
        let unknown =
            #"{"v":1,"seq":2,"ts":"2026-11-26T00:16:17.160Z","type":"sandbox.changed","session":"s","generation":4}"#
        try withTraceFile(([lines[0], unknown] + lines[1...]).joined(separator: "\n") + "\n") { path in
            let r = try TraceReader.read(path: path)
            #expect(r.entries.count == TraceSamples.entries.count)
            #expect(r.skipped == [SkippedLine(line: 2, seq: 2, type: "sandbox.changed")])
            #expect(r.tornTail == nil)
        }
    }

    @Test func emptyFileHasNoEntries() throws {
        try withTraceFile("") { path in
            let r = try TraceReader.read(path: path)
            #expect(r == TraceReadResult(entries: [], tornTail: nil))
        }
    }

    @Test func missingFileIsAnIOErrorWithStrerrorText() {
        #expect {
            try TraceReader.read(path: "/nonexistent/x.jsonl")
        } throws: { error in
            (error as? TraceError)?.description.contains("No such file") == true
        }
    }
}
