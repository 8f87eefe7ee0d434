/// The duration syntax of fleet.yaml: one or more `<digits><unit>` groups, units from largest to smallest.
///
/// Units: `d` (days), `h`, `m`, `s`, `ms`. Accepted: `100ms`, `30s`, `5m`, `1h`, `1h30m`, `2d`, `0s`.
/// Rejected: a bare number (`30`, the unit is never guessed), fractions (`1.5h`), repeated or out-of-order units
/// (`30m1h`), signs and spaces. Parsing is exact integer arithmetic, so overflow is reported, never wrapped.
public enum ConfigDuration {
    /// The JSON Schema `pattern` matching the same strings (except the unit-order and overflow checks).
    static let pattern = "^([0-9]+(ms|d|h|m|s))+$"

    /// The units, largest first, with their length in milliseconds.
    private static let units: [(name: String, millis: Int64)] = [
        ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
    ]

    /// Parses `text`; nil if it is not a duration in the syntax above (or does not fit in 64-bit milliseconds).
    public static func parse(_ text: String) -> Duration? {
        let chars = Array(text.unicodeScalars)
        guard !chars.isEmpty else { return nil }
        var i = 0
        var total: Int64 = 0
        var lastUnit = -1
        while i < chars.count {
            var digits: Int64 = 0
            let start = i
            while i < chars.count, let d = asciiDigit(chars[i]) {
                let (m, o1) = digits.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int64(d))
                guard !o1, !o2 else { return nil }
                digits = s
                i += 1
            }
            guard i > start, i < chars.count else { return nil }
            let unitName: String
            if chars[i] == "m", i + 1 < chars.count, chars[i + 1] == "s" {
                unitName = "ms"
                i += 2
            } else {
                unitName = String(chars[i])
                i += 1
            }
            guard let unit = units.firstIndex(where: { $0.name == unitName }), unit > lastUnit else { return nil }
            lastUnit = unit
            let (part, o1) = digits.multipliedReportingOverflow(by: units[unit].millis)
            let (sum, o2) = total.addingReportingOverflow(part)
            guard !o1, !o2 else { return nil }
            total = sum
        }
        return .milliseconds(total)
    }

    private static func asciiDigit(_ c: Unicode.Scalar) -> Int? {
        ("0"..."9").contains(c) ? Int(c.value - 48) : nil
    }

    /// `d` written in the syntax above, shortest form (`90s` → `1m30s`); used by docs and messages.
    public static func format(_ d: Duration) -> String {
        var ms = d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
        if ms == 0 { return "0s" }
        var out = ""
        for unit in units where ms >= unit.millis {
            out += "\(ms / unit.millis)\(unit.name)"
            ms %= unit.millis
        }
        return out
    }
}
