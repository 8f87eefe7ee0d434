import AxonCore
internal import Yams

/// Step 2 of loading: checks a Yams node tree against a `Shape`, collecting every problem.
///
/// Walks the tree in document order and never stops at the first error: a bad value is reported and left out
/// of the result, and the walk goes on with its siblings. Messages start with the key path
/// (`agents.scout.replicas: …`) so each line of `axon validate` reads on its own.
struct ShapeValidator {
    let file: String
    let duplicates: [YAMLDocument.Position: YAMLDocument.Duplicate]
    private(set) var diagnostics: [ConfigDiagnostic] = []
    /// Keys that are valid but not acted on by this version (`Field.pendingUser`), one per occurrence.
    private(set) var warnings: [ConfigDiagnostic] = []
    /// Aliases share nodes, so a small file can expand to billions of values; the walk stops after this many.
    private var budget = 100_000

    init(file: String, duplicates: [YAMLDocument.Position: YAMLDocument.Duplicate]) {
        self.file = file
        self.duplicates = duplicates
    }

    /// The validated value, or nil if `node` itself is unusable (its problems are in `diagnostics`).
    mutating func check(_ node: Node, as shape: Shape, path: String) -> ConfigNode? {
        let (line, column) = Self.position(of: node)
        budget -= 1
        if budget == 0 {
            report(line, column, "the document expands to more than 100000 values (through aliases?); simplify it")
        }
        if budget <= 0 { return nil }
        func make(_ value: ConfigNode.Value) -> ConfigNode { ConfigNode(value: value, line: line, column: column) }

        switch shape {
        case .optional(let inner):
            if case .scalar(let s) = node, YAMLScalar.kind(of: s) == .null { return make(.null) }
            return check(node, as: inner, path: path)
        case .object(let object):
            guard case .mapping(let mapping) = node else { return mismatch(node, shape, path) }
            return make(.map(checkObject(mapping, object, path: path, line: line, column: column)))
        case .map(let rule, let valueShape):
            guard case .mapping(let mapping) = node else { return mismatch(node, shape, path) }
            var entries: [ConfigEntry] = []
            for (keyNode, valueNode) in mapping {
                guard let key = checkKey(keyNode, path: path) else { continue }
                let (kl, kc) = Self.position(of: keyNode)
                guard rule.accepts(key) else {
                    report(kl, kc, Self.keyProblem(key, rule: rule, path: path))
                    continue
                }
                if let value = check(valueNode, as: valueShape, path: Self.join(path, key)) {
                    entries.append(ConfigEntry(key: key, line: kl, column: kc, value: value))
                }
            }
            return make(.map(entries))
        case .list(let itemShape):
            guard case .sequence(let sequence) = node else { return mismatch(node, shape, path) }
            var items: [ConfigNode] = []
            for (i, item) in sequence.enumerated() {
                if let value = check(item, as: itemShape, path: "\(path)[\(i)]") { items.append(value) }
            }
            return make(.list(items))
        case .string, .text, .integer, .number, .boolean, .duration, .size, .glob, .choice:
            guard case .scalar(let scalar) = node else { return mismatch(node, shape, path) }
            return checkScalar(scalar, node, shape, path: path).map(make)
        }
    }

    private mutating func checkObject(
        _ mapping: Node.Mapping, _ object: ObjectShape, path: String,
        line: Int, column: Int
    ) -> [ConfigEntry] {
        var entries: [ConfigEntry] = []
        for (keyNode, valueNode) in mapping {
            guard let key = checkKey(keyNode, path: path) else { continue }
            let (kl, kc) = Self.position(of: keyNode)
            guard let field = object.field(key) else {
                let place = path.isEmpty ? "at the top level" : "in \(path)"
                let names = object.fields.map(\.name)
                let hint =
                    Suggestion.closest(to: key, in: names).map { " (did you mean '\($0)'?)" }
                    ?? "; expected one of: " + names.joined(separator: ", ")
                report(
                    kl, kc,
                    key == "<<"
                        ? "YAML merge keys ('<<') are not supported \(place); put shared agent keys under defaults:"
                        : "unknown key '\(key)' \(place)\(hint)")
                continue
            }
            if let who = field.pendingUser {
                warnings.append(
                    ConfigDiagnostic(
                        file: file, line: kl, column: kc,
                        message:
                            "'\(key)' is accepted but not used yet by axon \(AxonVersion.current); \(who) will use it"
                    ))
            }
            if let value = check(valueNode, as: field.shape, path: Self.join(path, key)) {
                entries.append(ConfigEntry(key: key, line: kl, column: kc, value: value))
            }
        }
        for field in object.fields where field.isRequired && !mapping.contains(where: { $0.key.string == field.name }) {
            let what = path.isEmpty ? "the top level" : path
            report(line, column, "\(what) is missing the required key '\(field.name)' (\(field.shape.expectation))")
        }
        return entries
    }

    /// The key's text, or nil after reporting a duplicate or a non-scalar key.
    private mutating func checkKey(_ keyNode: Node, path: String) -> String? {
        let (line, column) = Self.position(of: keyNode)
        if let duplicate = duplicates[.init(line: line, column: column)] {
            let place = path.isEmpty ? "" : " in \(path)"
            report(
                line, column,
                "duplicate key '\(duplicate.key)'\(place) (first set on line \(duplicate.firstLine)); remove one of them"
            )
            return nil
        }
        guard case .scalar(let scalar) = keyNode, YAMLScalar.kind(of: scalar) != .null else {
            report(line, column, "keys must be strings, got \(YAMLScalar.describe(keyNode))")
            return nil
        }
        return scalar.string
    }

    private mutating func checkScalar(_ scalar: Node.Scalar, _ node: Node, _ shape: Shape, path: String)
        -> ConfigNode.Value?
    {
        let (line, column) = Self.position(of: node)
        let text = scalar.string
        let kind = YAMLScalar.kind(of: scalar)
        switch (shape, kind) {
        case (.string, .string):
            return .string(text)
        case (.text, .string), (.text, .int), (.text, .float), (.text, .bool):
            return .string(text)
        case (.integer(let min, let max), .int):
            guard let value = YAMLScalar.integer(text) else {
                report(line, column, "\(path): \(text) is too large for an integer")
                return nil
            }
            guard value >= min, value <= max else {
                let range =
                    min == max
                    ? "\(min) (the only supported value)"
                    : max == .max ? "an integer ≥ \(min)" : "an integer from \(min) to \(max)"
                report(line, column, "\(path): expected \(range), got \(value)")
                return nil
            }
            return .int(value)
        case (.number, .int), (.number, .float):
            guard let value = YAMLScalar.number(text), value.isFinite else {
                report(line, column, "\(path): expected a finite number, got \(text)")
                return nil
            }
            guard value >= 0 else {
                report(line, column, "\(path): expected a number ≥ 0, got \(text)")
                return nil
            }
            return .number(value)
        case (.boolean, .bool):
            return .bool(text.lowercased() == "true")
        case (.duration, .string):
            guard let duration = ConfigDuration.parse(text) else {
                report(
                    line, column,
                    "\(path): invalid duration '\(text)'; write a number and a unit (ms, s, m, h, d), e.g. 100ms, 30s, 5m, 1h30m, 2d"
                )
                return nil
            }
            return .duration(duration)
        case (.size(let min), .int), (.size(let min), .string):
            return checkSize(text, min: min, path: path, line, column)
        case (.glob, .string):
            if let problem = GlobCheck.problem(in: text) {
                report(line, column, "\(path): \(problem)")
                return nil
            }
            return .string(text)
        case (.choice(let values, let noun), .string):
            guard values.contains(text) else {
                report(
                    line, column,
                    "\(path): unknown \(noun) '\(text)'\(Suggestion.hint(for: text, in: values)); expected one of: \(values.joined(separator: ", "))"
                )
                return nil
            }
            return .string(text)
        default:
            return mismatch(node, shape, path).map(\.value)
        }
    }

    private mutating func checkSize(_ text: String, min: Int, path: String, _ line: Int, _ column: Int)
        -> ConfigNode.Value?
    {
        guard let bytes = ConfigSize.parse(text) else {
            let hint = ConfigSize.binarySpelling(of: text).map { " (did you mean '\($0)'? units are binary)" } ?? ""
            report(
                line, column,
                "\(path): invalid size '\(text)'\(hint); write bytes, or a number and a unit (KiB, MiB, GiB), e.g. 512KiB, 10MiB, 1GiB"
            )
            return nil
        }
        guard bytes >= min else {
            report(line, column, "\(path): expected a size ≥ \(ConfigSize.format(min)), got \(text)")
            return nil
        }
        return .int(bytes)
    }

    /// Reports "expected X, got Y" (with a remedy where one is obvious) and returns nil.
    private mutating func mismatch(_ node: Node, _ shape: Shape, _ path: String) -> ConfigNode? {
        let (line, column) = Self.position(of: node)
        let got = YAMLScalar.describe(node)
        var remedy = ""
        if case .scalar(let s) = node {
            switch (shape, YAMLScalar.kind(of: s)) {
            case (.duration, .int), (.duration, .float): remedy = "; add a unit, e.g. \(s.string)s"
            case (.string, .int), (.string, .float), (.string, .bool), (.glob, .int), (.glob, .bool),
                (.choice, .bool), (.choice, .int):
                remedy = "; quote it to make it a string: \"\(s.string)\""
            case (.boolean, .string) where ["yes", "no", "on", "off"].contains(s.string.lowercased()):
                remedy = "; write true or false"
            case (.text, .null): remedy = "; write '' for an empty value"
            case (.integer, .string) where Int(s.string) != nil, (.number, .string) where Double(s.string) != nil:
                remedy = "; remove the quotes"
            default: break
            }
        }
        report(
            line, column, "\(path.isEmpty ? "the top level" : path): expected \(shape.expectation), got \(got)\(remedy)"
        )
        return nil
    }

    private mutating func report(_ line: Int, _ column: Int, _ message: String) {
        diagnostics.append(ConfigDiagnostic(file: file, line: line, column: column, message: message))
    }

    static func position(of node: Node) -> (Int, Int) {
        (node.mark?.line ?? 1, node.mark?.column ?? 1)
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private static func keyProblem(_ key: String, rule: KeyRule, path: String) -> String {
        switch rule {
        case .any: "\(path): keys must not be empty"
        case .agentName:
            "invalid agent name '\(key)': start with a letter, then up to 63 letters, digits, '_' or '-'"
        }
    }
}
