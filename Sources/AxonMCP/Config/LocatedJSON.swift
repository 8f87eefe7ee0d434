/// A JSON value that remembers the byte offset where it starts, so a wrong shape deep inside `.agents/mcp.json`
/// is reported at its own `line:col` rather than at the top of the file.
///
/// Foundation's parsers report a syntax error as free text and keep no positions at all, which is why this
/// small recursive-descent parser exists. It accepts exactly RFC 8259 JSON (no comments, no trailing commas:
/// the file must stay readable by every other MCP client) and stops at the first syntax error.
struct LocatedJSON: Sendable, Equatable {
    indirect enum Kind: Sendable, Equatable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([LocatedJSON])
        /// Members in file order (duplicates kept, so the validator can report them).
        case object([(key: String, keyOffset: Int, value: LocatedJSON)])

        static func == (lhs: Kind, rhs: Kind) -> Bool {
            switch (lhs, rhs) {
            case (.null, .null): true
            case (.bool(let a), .bool(let b)): a == b
            case (.number(let a), .number(let b)): a == b
            case (.string(let a), .string(let b)): a == b
            case (.array(let a), .array(let b)): a == b
            case (.object(let a), .object(let b)):
                a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
            default: false
            }
        }
    }

    var kind: Kind
    /// Byte offset of the value's first character in the parsed text.
    var offset: Int

    /// The JSON type's name as a diagnostic says it ("an object", "a string", …).
    var typeName: String {
        switch kind {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// A syntax error at a byte offset.
    struct SyntaxError: Error, Sendable, Equatable {
        var offset: Int
        var message: String
    }

    /// Parses one complete JSON document (surrounding whitespace allowed).
    static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> LocatedJSON {
        var parser = Parser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else {
            throw SyntaxError(offset: parser.index, message: "unexpected text after the JSON value")
        }
        return value
    }
}

/// 1-based line and column (in characters, counting a UTF-8 sequence as one) of a byte offset in `bytes`.
func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    for byte in bytes[..<min(offset, bytes.count)] {
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }
    return (line, column)
}

private struct Parser {
    let bytes: [UInt8]
    var index = 0
    /// Deeper nesting is refused, so a hostile file cannot overflow the stack.
    static let maxDepth = 128

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    func fail(_ message: String, at offset: Int? = nil) -> LocatedJSON.SyntaxError {
        LocatedJSON.SyntaxError(offset: offset ?? index, message: message)
    }

    mutating func value(depth: Int) throws(LocatedJSON.SyntaxError) -> LocatedJSON {
        guard depth < Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth) levels") }
        guard index < bytes.count else { throw fail("unexpected end of file") }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "{"): return LocatedJSON(kind: try object(depth: depth), offset: start)
        case UInt8(ascii: "["): return LocatedJSON(kind: try array(depth: depth), offset: start)
        case UInt8(ascii: "\""): return LocatedJSON(kind: .string(try string()), offset: start)
        case UInt8(ascii: "t"):
            try literal("true")
            return LocatedJSON(kind: .bool(true), offset: start)
        case UInt8(ascii: "f"):
            try literal("false")
            return LocatedJSON(kind: .bool(false), offset: start)
        case UInt8(ascii: "n"):
            try literal("null")
            return LocatedJSON(kind: .null, offset: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return LocatedJSON(kind: .number(try number()), offset: start)
        default: throw fail("unexpected character '\(Unicode.Scalar(bytes[index]))'")
        }
    }

    mutating func literal(_ word: String) throws(LocatedJSON.SyntaxError) {
        let w = Array(word.utf8)
        guard index + w.count <= bytes.count, Array(bytes[index..<index + w.count]) == w else {
            throw fail("invalid literal (expected '\(word)')")
        }
        index += w.count
    }

    mutating func object(depth: Int) throws(LocatedJSON.SyntaxError) -> LocatedJSON.Kind {
        index += 1
        var members: [(key: String, keyOffset: Int, value: LocatedJSON)] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw fail("expected a quoted member name")
            }
            let keyOffset = index
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            index += 1
            skipWhitespace()
            members.append((key, keyOffset, try value(depth: depth + 1)))
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of file (expected ',' or '}')") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
            index += 1
            return .object(members)
        }
    }

    mutating func array(depth: Int) throws(LocatedJSON.SyntaxError) -> LocatedJSON.Kind {
        index += 1
        var items: [LocatedJSON] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try value(depth: depth + 1))
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of file (expected ',' or ']')") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
            index += 1
            return .array(items)
        }
    }

    mutating func number() throws(LocatedJSON.SyntaxError) -> Double {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(_ p: inout Parser) -> Int {
            let s = p.index
            while p.index < p.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(p.bytes[p.index]) {
                p.index += 1
            }
            return p.index - s
        }
        guard digits(&self) > 0 else { throw fail("invalid number", at: start) }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw fail("invalid number", at: start) }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits(&self) > 0 else { throw fail("invalid number", at: start) }
        }
        return Double(String(decoding: bytes[start..<index], as: UTF8.self)) ?? 0
    }

    mutating func string() throws(LocatedJSON.SyntaxError) -> String {
        let start = index
        index += 1
        var out: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), index + 1 < bytes.count,
                        bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                    {
                        index += 2
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00)
                    }
                    out.append(contentsOf: Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8))
                default: throw fail("invalid escape sequence", at: index - 2)
                }
            case 0x00..<0x20: throw fail("control character in a string (escape it)")
            default:
                out.append(byte)
                index += 1
            }
        }
        throw fail("unterminated string", at: start)
    }

    mutating func hex4() throws(LocatedJSON.SyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count,
            let v = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
        else { throw fail("invalid \\u escape") }
        index += 4
        return v
    }
}
