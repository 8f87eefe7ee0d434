/// Writing JSON text by hand, for the formats whose bytes are a contract (trace lines, protocol frames).
///
/// Foundation's `JSONEncoder` cannot fix key order, and the trace wants `v, seq, ts, type` first on every line.
public enum JSONText {
    /// Appends `s` as a JSON string literal (quotes included) to `out`.
    public static func quote(_ s: String, into out: inout String) {
        out += "\""
        var start = s.unicodeScalars.startIndex
        var i = start
        let scalars = s.unicodeScalars
        while i != scalars.endIndex {
            let c = scalars[i]
            let escape: String?
            switch c {
            case "\"": escape = "\\\""
            case "\\": escape = "\\\\"
            case "\n": escape = "\\n"
            case "\r": escape = "\\r"
            case "\t": escape = "\\t"
            case "\u{2028}": escape = "\\u2028"
            case "\u{2029}": escape = "\\u2029"
            default:
                if c.value < 0x20 {
                    let hex = String(c.value, radix: 16)
                    escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    escape = nil
                }
            }
            if let escape {
                out.unicodeScalars.append(contentsOf: scalars[start..<i])
                out += escape
                start = scalars.index(after: i)
            }
            i = scalars.index(after: i)
        }
        out.unicodeScalars.append(contentsOf: scalars[start..<i])
        out += "\""
    }

    /// `s` as a JSON string literal.
    public static func quote(_ s: String) -> String {
        var out = ""
        quote(s, into: &out)
        return out
    }

    /// A finite double in JSON's shortest round-tripping form; NaN and infinities become `null`.
    public static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }
}
