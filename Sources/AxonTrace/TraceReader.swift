#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads trace files tolerantly: a torn last line is reported and skipped, nothing else may be malformed.
///
/// Rules (docs/trace-format.md):
/// - The file is split on `\n`. A last segment without its `\n`, or a complete last line that does not parse,
///   is the *torn tail* of a crash mid-write: reported in `tornTail`, skipped. Every earlier line is kept.
/// - Any other line that does not parse throws `.malformed` with its 1-based line number.
/// - A line whose `v` is newer than `TraceRecord.currentVersion` throws `.unsupportedVersion` (even last).
/// - A line of a `type` this version does not know is skipped and listed in `skipped` (newer writers may add
///   types without bumping `v`); unknown fields are ignored.
/// - `seq` continuity is not checked here: a gap is not an error for reading (a reader wants what is there);
///   tools that audit traces compare `entries[i].seq` themselves.
public enum TraceReader {
    /// Reads every committed line of the trace at `path`.
    /// - Throws: `.io` when the file cannot be read; `.malformed` / `.unsupportedVersion` as above.
    public static func read(path: String) throws(TraceError) -> TraceReadResult {
        try parse(POSIXFile.readAll(path), path: path, only: nil)
    }

    /// Reads only lines whose `type` is in `types` (others are skipped unparsed, so their damage goes unnoticed);
    /// the last line is always parsed to find a torn tail. For summaries of large traces.
    ///
    /// `tolerant` readers (listings and reports over many traces) skip a malformed middle line and list it in
    /// `damaged` instead of throwing, so one edited file cannot hide every other session.
    static func read(path: String, only types: Set<String>, tolerant: Bool = false) throws(TraceError)
        -> TraceReadResult
    {
        try parse(POSIXFile.readAll(path), path: path, only: types, tolerant: tolerant)
    }

    /// Parses the bytes of a whole trace; `path` only names it in errors.
    public static func parse(_ bytes: [UInt8], path: String) throws(TraceError) -> TraceReadResult {
        try parse(bytes, path: path, only: nil)
    }

    static func parse(_ bytes: [UInt8], path: String, only types: Set<String>?, tolerant: Bool = false)
        throws(TraceError) -> TraceReadResult
    {
        // One copy into Data; each line is then a slice of it that JSONDecoder reads in place.
        let data = Data(bytes)
        let decoder = JSONDecoder()
        var result = TraceReadResult(entries: [], tornTail: nil)
        var start = 0
        var lineNumber = 0
        let count = bytes.count
        let typeFilter = types.map { Set($0.map { Array($0.utf8) }) }
        while start < count {
            lineNumber += 1
            let newline = bytes.withUnsafeBufferPointer { buf -> Int? in
                guard let p = memchr(buf.baseAddress! + start, 0x0A, count - start) else { return nil }
                return buf.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self))
            }
            guard let end = newline else {
                result.tornTail = TornTail(line: lineNumber, bytes: count - start)
                break
            }
            let isLast = end + 1 == count
            defer { start = end + 1 }
            if let filter = typeFilter, !isLast, let type = peekType(bytes, start, end), !filter.contains(type) {
                continue
            }
            let record: TraceRecord
            let entry: TraceEntry?
            do {
                record = try decoder.decode(TraceRecord.self, from: data[start..<end])
                entry = try record.entry()
            } catch let e as UnsupportedTraceVersion {
                throw .unsupportedVersion(path: path, line: lineNumber, version: e.version)
            } catch {
                if isLast {
                    result.tornTail = TornTail(line: lineNumber, bytes: count - start)
                    break
                }
                if tolerant {
                    result.damaged.append(DamagedLine(line: lineNumber, message: describe(error)))
                    continue
                }
                throw .malformed(path: path, line: lineNumber, message: describe(error))
            }
            result.lastSeq = max(result.lastSeq, record.seq)
            if let entry {
                result.entries.append(entry)
                result.lineRanges.append(start..<(end + 1))
            } else {
                result.skipped.append(SkippedLine(line: lineNumber, seq: record.seq, type: record.type))
            }
        }
        return result
    }

    /// The `type` value of a line written by `TraceRecord.encode` (`{"v":1,"seq":N,"ts":"…","type":"…"`),
    /// found without parsing; nil when the line does not start that way (it is then parsed fully).
    private static func peekType(_ bytes: [UInt8], _ start: Int, _ end: Int) -> [UInt8]? {
        let marker = Array("\"type\":\"".utf8)
        let limit = min(end, start + 96)
        var i = start
        while i + marker.count <= limit {
            if bytes[i] == marker[0] && bytes[i..<i + marker.count].elementsEqual(marker) {
                var j = i + marker.count
                while j < end, bytes[j] != 0x22 { j += 1 }
                return Array(bytes[(i + marker.count)..<j])
            }
            i += 1
        }
        return nil
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case let e as TraceRecordError: return e.description
        case DecodingError.dataCorrupted(let c): return "not JSON: \(c.debugDescription)"
        case DecodingError.keyNotFound(let key, _): return "missing `\(key.stringValue)`"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            let key = c.codingPath.map(\.stringValue).joined(separator: ".")
            return "wrong type for `\(key)`"
        default: return "\(error)"
        }
    }
}

/// The committed entries of a trace and, if the file ends in a partial line, where.
public struct TraceReadResult: Sendable, Equatable {
    public var entries: [TraceEntry]
    /// The byte range of each entry's line in the parsed bytes, newline included (parallel to `entries`).
    public var lineRanges: [Range<Int>] = []
    public var tornTail: TornTail?
    /// Lines of a `type` this version does not know, skipped (a newer axon wrote them).
    public var skipped: [SkippedLine]
    /// The highest `seq` read, including skipped lines; 0 for an empty trace.
    public var lastSeq: Int
    /// Malformed lines a tolerant read skipped (always empty for a strict read, which throws instead).
    public var damaged: [DamagedLine] = []

    public init(entries: [TraceEntry], tornTail: TornTail?, skipped: [SkippedLine] = [], lastSeq: Int? = nil) {
        self.entries = entries
        self.tornTail = tornTail
        self.skipped = skipped
        self.lastSeq = lastSeq ?? entries.last?.seq ?? 0
    }
}

/// A partial last line: its 1-based line number and its length in bytes (up to the end of the file, so the
/// committed part of the file is `size - bytes` long).
public struct TornTail: Sendable, Equatable {
    public var line: Int
    public var bytes: Int
    public init(line: Int, bytes: Int) {
        self.line = line
        self.bytes = bytes
    }
}

/// A well-formed line of an unknown `type`, skipped by this reader.
public struct SkippedLine: Sendable, Equatable {
    public var line: Int
    public var seq: Int
    public var type: String
    public init(line: Int, seq: Int, type: String) {
        self.line = line
        self.seq = seq
        self.type = type
    }
}

/// A malformed line that a tolerant read skipped: its 1-based number and what was wrong with it.
public struct DamagedLine: Sendable, Equatable {
    public var line: Int
    public var message: String
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}
