/// The size syntax of fleet.yaml: a whole number of bytes, optionally with a binary unit.
///
/// Units: `B`, `KiB`, `MiB`, `GiB` (powers of 1024). Accepted: `4096`, `512KiB`, `10MiB`, `1GiB`, `64B`.
/// Rejected: decimal and bare-letter units (`10MB`, `10K`: the power is never guessed), fractions (`1.5MiB`),
/// signs and spaces. Overflow is reported, never wrapped.
public enum ConfigSize {
    /// The JSON Schema `pattern` of the string form (a YAML integer is a number of bytes).
    static let pattern = "^[0-9]+(B|KiB|MiB|GiB)?$"

    /// The units, largest first, with their size in bytes.
    private static let units: [(name: String, bytes: Int)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]

    /// Parses `text` to bytes; nil if it is not a size in the syntax above (or does not fit in an `Int`).
    public static func parse(_ text: String) -> Int? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let number = Int(digits) else { return nil }
        let unit = text.dropFirst(digits.count)
        if unit.isEmpty || unit == "B" { return number }
        guard let bytes = units.first(where: { $0.name == unit })?.bytes else { return nil }
        let (total, overflow) = number.multipliedReportingOverflow(by: bytes)
        return overflow ? nil : total
    }

    /// The binary unit a decimal, one-letter or miscased unit most likely meant (`10MB`, `10m`, `10mib` → `10MiB`).
    static func binarySpelling(of text: String) -> String? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        let written = text.dropFirst(digits.count).uppercased()
        guard let unit = ["K", "M", "G"].first(where: { ["\($0)", "\($0)B", "\($0)IB"].contains(written) }) else {
            return nil
        }
        return digits + unit + "iB"
    }

    /// `bytes` in the syntax above, in the largest unit that divides it (`4096` → `4KiB`, `1000` → `1000B`).
    public static func format(_ bytes: Int) -> String {
        guard bytes != 0, let unit = units.first(where: { bytes % $0.bytes == 0 }) else { return "\(bytes)B" }
        return "\(bytes / unit.bytes)\(unit.name)"
    }
}
