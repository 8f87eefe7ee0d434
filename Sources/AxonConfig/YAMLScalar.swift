package import Yams

/// How fleet.yaml scalars are typed: the YAML 1.2 core schema, not Yams' YAML 1.1 default.
///
/// YAML 1.1 reads `no`, `on` and `off` as booleans and `1:30` as an integer (sexagesimal), which surprises
/// users and disagrees with editors that check the JSON Schema (they use YAML 1.2). So only `true`/`false`
/// are booleans, only `~`/`null`/empty are null, and a quoted scalar is always a string.
package enum YAMLScalar {
    enum Kind: Equatable {
        case string, int, float, bool, null
        /// An explicit tag we do not read (`!foo`, `!!binary`, timestamps).
        case other(String)
    }

    /// The resolver handed to `Yams.compose` (also by tool manifests, so both read YAML the same way).
    package static let resolver: Resolver = {
        // The rules are fixed strings; a failure here is a programming error caught by every test.
        // swiftlint:disable force_try
        try! Resolver.basic
            .appending(.bool, "^(?:true|True|TRUE|false|False|FALSE)$")
            .appending(.int, "^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
            .appending(
                .float,
                "^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"
            )
            .appending(.null, "^(?:~|null|Null|NULL|)$")
        // swiftlint:enable force_try
    }()

    static func kind(of scalar: Node.Scalar) -> Kind {
        switch Node.scalar(scalar).tag.rawValue {
        case Tag.Name.str.rawValue: .string
        case Tag.Name.int.rawValue: .int
        case Tag.Name.float.rawValue: .float
        case Tag.Name.bool.rawValue: .bool
        case Tag.Name.null.rawValue: .null
        case let name: .other(name)
        }
    }

    /// The integer an int-typed scalar denotes; nil if it does not fit in `Int`.
    static func integer(_ text: String) -> Int? {
        if text.hasPrefix("0x") { return Int(text.dropFirst(2), radix: 16) }
        if text.hasPrefix("0o") { return Int(text.dropFirst(2), radix: 8) }
        return Int(text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }

    /// The number a float-typed scalar denotes (infinities and NaN included).
    static func number(_ text: String) -> Double? {
        switch text.lowercased() {
        case ".inf", "+.inf": .infinity
        case "-.inf": -.infinity
        case ".nan": .nan
        default: Double(text)
        }
    }

    /// "a string", "an integer", … for "got …" messages.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let s):
            switch kind(of: s) {
            case .string: return "a string"
            case .int: return "an integer"
            case .float: return "a number"
            case .bool: return "a boolean"
            case .null: return "null"
            case .other(let tag): return "a value tagged \(tag)"
            }
        }
    }
}
