import AxonCore
import Foundation
import Testing

@testable import AxonTrace

/// Pins the bytes of every trace type in both directions (R12). Regenerate with `AXON_UPDATE_GOLDEN=1` and
/// review the diff: a changed line is a format change and needs a version decision.
@Suite struct TraceRecordTests {
    func goldenLines() throws -> [String] {
        let text = try String(contentsOfFile: SourceTree.golden, encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { String($0) + "\n" }
    }

    @Test func goldenCoversEveryType() throws {
        if ProcessInfo.processInfo.environment["AXON_UPDATE_GOLDEN"] != nil {
            try TraceSamples.entries.map { TraceRecord($0).encodedLine() }.joined()
                .write(toFile: SourceTree.golden, atomically: true, encoding: .utf8)
        }
        let types = Set(TraceSamples.entries.map(\.event.type))
        #expect(types.count == 12)
        #expect(try goldenLines().count == TraceSamples.entries.count)
    }

    @Test func encodingGivesGoldenBytes() throws {
        let lines = try goldenLines()
        for (entry, line) in zip(TraceSamples.entries, lines) {
            #expect(TraceRecord(entry).encodedLine() == line, "type \(entry.event.type)")
        }
    }

    @Test func decodingGoldenGivesEntries() throws {
        let lines = try goldenLines()
        for (entry, line) in zip(TraceSamples.entries, lines) {
            let record = try JSONDecoder().decode(TraceRecord.self, from: Data(line.utf8))
            #expect(record == TraceRecord(entry))
            #expect(try record.entry() == entry)
        }
        let read = try TraceReader.read(path: SourceTree.golden)
        #expect(read.entries == TraceSamples.entries)
        #expect(read.tornTail == nil)
    }

    @Test func everyLineStartsWithTheFixedHeader() throws {
        for line in try goldenLines() {
            #expect(line.hasPrefix("{\"v\":1,\"seq\":"))
            #expect(line.contains(",\"ts\":\"2026-"))
        }
    }

    @Test func unknownTypeMapsToNil() throws {
        let line =
            #"{"v":1,"seq":7,"ts":"2026-11-26T00:16:17.123Z","type":"sandbox.changed","session":"s","generation":3}"#
        let record = try JSONDecoder().decode(TraceRecord.self, from: Data(line.utf8))
        #expect(try record.entry() == nil)
    }

    @Test func knownTypeMissingAFieldIsAnError() throws {
        let line = #"{"v":1,"seq":1,"ts":"2026-11-26T00:16:17.123Z","type":"request.start","session":"s"}"#
        let record = try JSONDecoder().decode(TraceRecord.self, from: Data(line.utf8))
        #expect(throws: TraceRecordError.self) { try record.entry() }
    }

    /// The schema names, per type, every key a line of that type may carry and the ones it must.
    @Test func goldenLinesMatchSchemaProperties() throws {
        let schema = try JSONValue(parsing: Data(contentsOf: URL(fileURLWithPath: SourceTree.schema)))
        let common = try #require(schema["properties"]?.objectValue)
        let commonRequired = Set((schema["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        let defs = try #require(schema["$defs"]?.objectValue)
        let typeEnum = Set(try #require(common["type"]?["enum"]?.arrayValue).compactMap(\.stringValue))
        for line in try goldenLines() {
            let object = try #require(try JSONValue(parsing: line).objectValue)
            let type = try #require(object["type"]?.stringValue)
            #expect(typeEnum.contains(type))
            let def = try #require(defs[type], "schema has no $defs.\(type)")
            let allowed = Set(common.keys).union(def["properties"]?.objectValue?.keys ?? [:].keys)
            let required = commonRequired.union((def["required"]?.arrayValue ?? []).compactMap(\.stringValue))
            let keys = Set(object.keys)
            #expect(keys.isSubset(of: allowed), "\(type): keys not in schema: \(keys.subtracting(allowed))")
            #expect(required.isSubset(of: keys), "\(type): missing required: \(required.subtracting(keys))")
        }
    }
}
