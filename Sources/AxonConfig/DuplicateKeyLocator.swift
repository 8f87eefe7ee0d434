/// Finds the second occurrence of a duplicate mapping key in YAML text and masks it.
///
/// Given the key and the position of its first occurrence (from Yams), the sibling is searched where YAML
/// allows it: in a block mapping, a later line indented to the same column before the mapping ends; in a flow
/// mapping (`{a: 1, a: 2}`), after a comma at the same nesting depth. The key's characters are then replaced
/// by private-use characters of the same count, so positions do not move and the masked key is unique.
/// Returns nil when the occurrence cannot be found (the caller then reports the first one and stops).
enum DuplicateKeyLocator {
    typealias Position = YAMLDocument.Position

    static func rewrite(text: String, key: String, first: Position, serial: Int) -> (Position, String)? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        let keyScalars = Array(key.unicodeScalars)
        guard first.line >= 1, first.line <= lines.count, !keyScalars.isEmpty,
            let token = tokenLength(lines[first.line - 1], at: first.column - 1, key: keyScalars)
        else { return nil }
        let found =
            isFlow(lines[first.line - 1], before: first.column - 1)
            ? findInFlow(lines, after: first, length: token, key: keyScalars)
            : findInBlock(lines, after: first, key: keyScalars)
                ?? findInFlow(lines, after: first, length: token, key: keyScalars)
        guard let found else { return nil }
        var line = lines[found.line - 1]
        let start = found.column - 1 + (line[found.column - 1] == "\"" || line[found.column - 1] == "'" ? 1 : 0)
        let mask = maskScalars(count: keyScalars.count, serial: serial)
        guard let mask else { return nil }
        line.replaceSubrange(start..<start + keyScalars.count, with: mask)
        lines[found.line - 1] = line
        let rewritten = lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
        return (found, rewritten)
    }

    /// The length of the key token (`key`, `"key"` or `'key'`) at `i`, if it is there.
    private static func tokenLength(_ line: [Unicode.Scalar], at i: Int, key: [Unicode.Scalar]) -> Int? {
        guard i >= 0, i < line.count else { return nil }
        let quote = line[i]
        if quote == "\"" || quote == "'" {
            let end = i + 1 + key.count
            guard end < line.count, Array(line[(i + 1)..<end]) == key, line[end] == quote else { return nil }
            return key.count + 2
        }
        guard i + key.count <= line.count, Array(line[i..<(i + key.count)]) == key else { return nil }
        return key.count
    }

    /// Whether the key at `i` sits in a flow mapping (preceded by `{` or `,` on its line).
    private static func isFlow(_ line: [Unicode.Scalar], before i: Int) -> Bool {
        var j = i - 1
        while j >= 0, line[j] == " " { j -= 1 }
        return j >= 0 && (line[j] == "{" || line[j] == ",")
    }

    /// Whether `line[i...]` is the key token followed by optional spaces and `:`.
    private static func isKey(_ line: [Unicode.Scalar], at i: Int, key: [Unicode.Scalar]) -> Bool {
        guard let length = tokenLength(line, at: i, key: key) else { return false }
        var j = i + length
        while j < line.count, line[j] == " " { j += 1 }
        return j < line.count && line[j] == ":"
    }

    private static func findInBlock(_ lines: [[Unicode.Scalar]], after first: Position, key: [Unicode.Scalar])
        -> Position?
    {
        let indent = first.column - 1
        for l in first.line..<lines.count {
            let line = lines[l]
            let lead = line.prefix { $0 == " " }.count
            if lead == line.count || line[lead] == "#" || line[lead] == "\r" { continue }
            if lead < indent { return nil }
            if lead == indent, isKey(line, at: indent, key: key) { return Position(line: l + 1, column: indent + 1) }
        }
        return nil
    }

    private static func findInFlow(
        _ lines: [[Unicode.Scalar]], after first: Position, length: Int,
        key: [Unicode.Scalar]
    ) -> Position? {
        var depth = 0
        var quote: Unicode.Scalar?
        var afterComma = false
        var l = first.line - 1
        var c = first.column - 1 + length
        while l < lines.count {
            let line = lines[l]
            while c < line.count {
                let ch = line[c]
                if let q = quote {
                    if ch == q { quote = nil }
                } else if afterComma, depth == 0, ch != " ", ch != "\r" {
                    if isKey(line, at: c, key: key) { return Position(line: l + 1, column: c + 1) }
                    afterComma = false
                    continue
                } else {
                    switch ch {
                    case "\"", "'": quote = ch
                    case "{", "[": depth += 1
                    case "}", "]":
                        depth -= 1
                        if depth < 0 { return nil }
                    case ",": afterComma = depth == 0
                    case "#" where c == 0 || line[c - 1] == " ": c = line.count
                    default: break
                    }
                }
                c += 1
            }
            l += 1
            c = 0
        }
        return nil
    }

    /// `count` private-use scalars encoding `serial`, unique per serial.
    private static func maskScalars(count: Int, serial: Int) -> [Unicode.Scalar]? {
        var n = serial
        var out: [Unicode.Scalar] = []
        for _ in 0..<count {
            out.append(Unicode.Scalar(0xE000 + UInt32(n % 6400))!)
            n /= 6400
        }
        return n == 0 ? out : nil
    }
}
