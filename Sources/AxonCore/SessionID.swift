#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A session's id: `YYYYMMDDTHHMMSSmmmZ-HOST-XXXX`.
///
/// Ids sort by start time as plain strings, and carry a host component so fleets on several machines sharing
/// one `data/` never collide. The trace of a session is `data/sessions/<id>.jsonl`.
public struct SessionID: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// A new id for a session starting at `time` on `host`.
    public static func make(at time: Timestamp = .now(), host: String = Host.name) -> SessionID {
        let c = time.components
        let stamp =
            pad(c.year, 4) + pad(c.month, 2) + pad(c.day, 2) + "T" + pad(c.hour, 2) + pad(c.minute, 2)
            + pad(c.second, 2) + pad(c.millisecond, 3) + "Z"
        let suffix = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return SessionID(
            rawValue: "\(stamp)-\(Host.slug(host))-\(String(repeating: "0", count: 4 - suffix.count))\(suffix)")
    }

    /// The start time encoded in the id, when the id has the standard shape.
    public var startTime: Timestamp? {
        let s = Array(rawValue.utf8)
        guard s.count >= 19, s[8] == UInt8(ascii: "T"), s[18] == UInt8(ascii: "Z") else { return nil }
        func num(_ r: Range<Int>) -> Int? { Int(String(decoding: s[r], as: UTF8.self)) }
        guard let y = num(0..<4), let mo = num(4..<6), let d = num(6..<8), let h = num(9..<11),
            let mi = num(11..<13), let se = num(13..<15), let ms = num(15..<18)
        else { return nil }
        return Timestamp(year: y, month: mo, day: d, hour: h, minute: mi, second: se, millisecond: ms)
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

/// This machine's identity as traces record it.
public enum Host {
    /// The host name (`gethostname`), or `localhost` when it cannot be read.
    public static let name: String = {
        var buf = [CChar](repeating: 0, count: 256)
        guard gethostname(&buf, buf.count) == 0 else { return "localhost" }
        let n = String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return n.isEmpty ? "localhost" : n
    }()

    /// A host name reduced to `[a-z0-9]`, at most 16 characters, safe inside a file name.
    public static func slug(_ host: String) -> String {
        let kept = host.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        let s = String(String.UnicodeScalarView(kept.prefix(16)))
        return s.isEmpty ? "host" : s
    }
}
