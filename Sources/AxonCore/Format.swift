/// Number formats without ICU (Foundation's formatters cost ~10 MiB of RSS).
public enum Format {
    /// `$0.0123` with four decimals, `$0` for zero.
    public static func usd(_ value: Double) -> String {
        guard value != 0 else { return "$0" }
        let scaled = Int64((value * 10_000).rounded())
        let whole = scaled / 10_000
        let frac = String(scaled % 10_000)
        return "$\(whole).\(String(repeating: "0", count: 4 - frac.count))\(frac)"
    }
}
