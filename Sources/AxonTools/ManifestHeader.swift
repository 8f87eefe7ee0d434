/// The manifest block of a tool file: the YAML between `---` lines in the file's first comment block, with
/// each line's comment prefix (`#`, `//`, `--` or `;`, plus one space) stripped, and where each YAML line sits
/// in the file, so a YAML error's line and column can be reported against the file itself.
struct ManifestHeader: Equatable {
    /// The manifest's YAML text.
    var yaml: String
    /// For YAML line k (1-based): the file's line number and how many columns its prefix took.
    var origins: [(line: Int, columnOffset: Int)]

    static func == (a: ManifestHeader, b: ManifestHeader) -> Bool {
        a.yaml == b.yaml && a.origins.map(\.line) == b.origins.map(\.line)
            && a.origins.map(\.columnOffset) == b.origins.map(\.columnOffset)
    }

    /// What the head of a file holds.
    enum Found: Equatable {
        case header(ManifestHeader)
        /// No comment block, or one without a `---` line.
        case none
        /// A `---` that opens a manifest but no closing `---` in the same comment block (line, column of it).
        case unterminated(line: Int, column: Int)
    }

    /// Longer prefixes first, so `//` is not read as something else.
    static let prefixes = ["//", "--", "#", ";"]

    /// Finds the manifest in `text`: skips a `#!` line and blank lines, takes the comment block that follows
    /// (consecutive lines with the same prefix), and the lines between its first two `---` lines.
    static func find(in text: String) -> Found {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        var i = 0
        if let first = lines.first, first.hasPrefix("#!") { i = 1 }
        while i < lines.count, lines[i].allSatisfy({ $0 == " " || $0 == "\t" }) { i += 1 }
        guard i < lines.count, let prefix = prefixes.first(where: { lines[i].hasPrefix($0) }) else { return .none }
        var block: [(line: Int, columnOffset: Int, content: Substring)] = []
        while i < lines.count, lines[i].hasPrefix(prefix) {
            var content = lines[i].dropFirst(prefix.count)
            var offset = prefix.count
            if content.hasPrefix(" ") {
                content = content.dropFirst()
                offset += 1
            }
            block.append((i + 1, offset, content))
            i += 1
        }
        func isFence(_ s: Substring) -> Bool { trimmed(s) == "---" }
        guard let open = block.firstIndex(where: { isFence($0.content) }) else { return .none }
        guard let close = block[(open + 1)...].firstIndex(where: { isFence($0.content) }) else {
            return .unterminated(line: block[open].line, column: block[open].columnOffset + 1)
        }
        let body = block[(open + 1)..<close]
        return .header(
            ManifestHeader(
                yaml: body.map { String($0.content) }.joined(separator: "\n"),
                origins: body.map { ($0.line, $0.columnOffset) }))
    }

    /// The file position of YAML position (`line`, `column`), both 1-based.
    func filePosition(line: Int, column: Int) -> (line: Int, column: Int) {
        guard !origins.isEmpty else { return (1, column) }
        let k = min(max(line, 1), origins.count) - 1
        // A mark past the last line (end of input) points just after it.
        if line > origins.count { return (origins[k].line + 1, 1) }
        return (origins[k].line, column + origins[k].columnOffset)
    }

    private static func trimmed(_ s: Substring) -> Substring {
        var s = s
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return s
    }
}
