public import AxonCore
internal import Yams

/// A small YAML mapping embedded in another file (a skill's front matter, a tool's manifest) as JSON values,
/// with every problem located in the *embedding* file.
///
/// Scalars are typed as in fleet.yaml (YAML 1.2 core schema: `no` is a string, `1:30` is a string). Anchors
/// and aliases work; duplicate keys, non-string keys and tags this reader does not know are problems.
public struct YAMLMapping: Sendable, Equatable {
    /// The top-level keys and their values.
    public var values: [String: JSONValue]
    /// Where each top-level key stands in the embedding file (1-based line and column).
    public var positions: [String: Position]
    /// Where the mapping starts in the embedding file.
    public var start: Position

    public struct Position: Sendable, Equatable {
        public var line: Int
        public var column: Int
    }

    public subscript(key: String) -> JSONValue? { values[key] }

    /// A problem with `key` (else with the mapping as a whole), located in the embedding file.
    public func problem(_ key: String?, file: String, _ message: String) -> ConfigDiagnostic {
        let at = key.flatMap { positions[$0] } ?? start
        return ConfigDiagnostic(file: file, line: at.line, column: at.column, message: message)
    }

    /// Parses `yaml`, which starts on line `firstLine` of `file` (its columns unchanged).
    public static func parse(_ yaml: String, file: String, firstLine: Int = 1) -> Result<YAMLMapping, ConfigDiagnostic>
    {
        parse(yaml, file: file) { line, column in (line + firstLine - 1, column) }
    }

    /// Parses `yaml`, an excerpt of `file`; `locate` maps a position in the excerpt to one in the file (a
    /// manifest in comment lines is shifted by the lines before it and the stripped comment prefix).
    /// - Returns: the mapping (an empty document is an empty mapping), or the first problem.
    public static func parse(
        _ yaml: String, file: String, locate: (Int, Int) -> (line: Int, column: Int)
    ) -> Result<YAMLMapping, ConfigDiagnostic> {
        func position(_ line: Int, _ column: Int) -> Position {
            let at = locate(line, column)
            return Position(line: at.line, column: at.column)
        }
        func problem(_ line: Int, _ column: Int, _ message: String) -> Result<YAMLMapping, ConfigDiagnostic> {
            let at = position(line, column)
            return .failure(ConfigDiagnostic(file: file, line: at.line, column: at.column, message: message))
        }
        let document = YAMLDocument(yaml: yaml, file: file) { locate($0, 1).line }
        if let first = document.diagnostics.first { return problem(first.line, first.column, first.message) }
        if let (position, duplicate) = document.duplicates.min(by: { $0.key.line < $1.key.line }) {
            return problem(position.line, position.column, "duplicate key '\(duplicate.key)'; remove one of them")
        }
        guard let root = document.root else {
            return .success(YAMLMapping(values: [:], positions: [:], start: position(1, 1)))
        }
        guard case .mapping(let mapping) = root else {
            let (line, column) = ShapeValidator.position(of: root)
            return problem(line, column, "must be a mapping of keys, got \(YAMLScalar.describe(root))")
        }
        var values: [String: JSONValue] = [:]
        var positions: [String: Position] = [:]
        var budget = 10_000
        for (keyNode, valueNode) in mapping {
            let (line, column) = ShapeValidator.position(of: keyNode)
            guard case .scalar(let key) = keyNode, YAMLScalar.kind(of: key) != .null else {
                return problem(line, column, "keys must be strings")
            }
            switch json(valueNode, budget: &budget) {
            case .success(let value):
                values[key.string] = value
                positions[key.string] = position(line, column)
            case .failure(let failure):
                return problem(failure.line, failure.column, failure.message)
            }
        }
        return .success(YAMLMapping(values: values, positions: positions, start: position(1, 1)))
    }

    private struct Failure: Error {
        var line: Int
        var column: Int
        var message: String
    }

    /// A node as JSON; `budget` bounds alias expansion (a small file must not expand to billions of values).
    private static func json(_ node: Node, budget: inout Int) -> Result<JSONValue, Failure> {
        budget -= 1
        let (line, column) = ShapeValidator.position(of: node)
        guard budget > 0 else {
            return .failure(Failure(line: line, column: column, message: "too many values (aliases?)"))
        }
        switch node {
        case .scalar(let scalar):
            let text = scalar.string
            switch YAMLScalar.kind(of: scalar) {
            case .string: return .success(.string(text))
            case .null: return .success(.null)
            case .bool: return .success(.bool(text.lowercased() == "true"))
            case .int:
                if let int = YAMLScalar.integer(text) { return .success(.int(int)) }
                return .failure(Failure(line: line, column: column, message: "\(text) is too large for an integer"))
            case .float:
                if let number = YAMLScalar.number(text), number.isFinite { return .success(.double(number)) }
                return .failure(Failure(line: line, column: column, message: "\(text) is not a finite number"))
            case .other(let tag):
                return .failure(Failure(line: line, column: column, message: "YAML tag \(tag) is not supported"))
            }
        case .sequence(let sequence):
            var items: [JSONValue] = []
            for item in sequence {
                switch json(item, budget: &budget) {
                case .success(let value): items.append(value)
                case .failure(let failure): return .failure(failure)
                }
            }
            return .success(.array(items))
        case .mapping(let mapping):
            var fields: [String: JSONValue] = [:]
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let key) = keyNode, YAMLScalar.kind(of: key) != .null else {
                    let (kl, kc) = ShapeValidator.position(of: keyNode)
                    return .failure(Failure(line: kl, column: kc, message: "keys must be strings"))
                }
                switch json(valueNode, budget: &budget) {
                case .success(let value): fields[key.string] = value
                case .failure(let failure): return .failure(failure)
                }
            }
            return .success(.object(fields))
        case .alias:
            return .failure(Failure(line: line, column: column, message: "unresolved YAML alias"))
        }
    }
}
