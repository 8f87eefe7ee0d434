/// A plain text table: left-aligned columns separated by two spaces.
struct Table {
    private var rows: [[String]]

    init(_ header: [String]) { rows = [header] }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        var widths = [Int](repeating: 0, count: rows.map(\.count).max() ?? 0)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n") + "\n"
    }
}

extension String {
    /// Without the padding an empty last cell leaves.
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

/// Number formats without ICU (Foundation's formatters cost ~10 MiB of RSS).
enum Format {
    /// `$0.0123` with four decimals, `$0` for zero.
    static func usd(_ value: Double) -> String {
        guard value != 0 else { return "$0" }
        let scaled = Int64((value * 10_000).rounded())
        let whole = scaled / 10_000
        let frac = String(scaled % 10_000)
        return "$\(whole).\(String(repeating: "0", count: 4 - frac.count))\(frac)"
    }
}
