/// A validated configuration value with its position in the file.
///
/// `ShapeValidator` produces it from Yams' node tree once every scalar has been checked against its `Shape`, so
/// the later steps (cross-field rules, `defaults:` merging, building the typed config) never re-parse text and
/// can still point at a line and column.
struct ConfigNode: Sendable {
    enum Value: Sendable {
        case null
        case string(String)
        case int(Int)
        case number(Double)
        case bool(Bool)
        case duration(Duration)
        case list([ConfigNode])
        case map([ConfigEntry])
    }

    var value: Value
    var line: Int
    var column: Int

    /// The entry for `key` in a mapping; nil for absent keys, null values and non-mappings.
    subscript(key: String) -> ConfigNode? {
        guard case .map(let entries) = value,
            let node = entries.last(where: { $0.key == key })?.value
        else { return nil }
        if case .null = node.value { return nil }
        return node
    }

    /// The entry (key position included) for `key`, null values included.
    func entry(_ key: String) -> ConfigEntry? {
        guard case .map(let entries) = value else { return nil }
        return entries.last { $0.key == key }
    }

    var entries: [ConfigEntry] {
        if case .map(let entries) = value { return entries }
        return []
    }

    var items: [ConfigNode] {
        if case .list(let items) = value { return items }
        return []
    }

    var string: String? {
        if case .string(let s) = value { return s }
        return nil
    }

    var int: Int? {
        if case .int(let i) = value { return i }
        return nil
    }

    var number: Double? {
        switch value {
        case .number(let d): d
        case .int(let i): Double(i)
        default: nil
        }
    }

    var bool: Bool? {
        if case .bool(let b) = value { return b }
        return nil
    }

    var duration: Duration? {
        if case .duration(let d) = value { return d }
        return nil
    }

    var strings: [String] { items.compactMap(\.string) }

    /// A mapping of scalars as `[key: text]` (environment variables).
    var stringMap: [String: String] {
        Dictionary(entries.compactMap { e in e.value.string.map { (e.key, $0) } }, uniquingKeysWith: { _, b in b })
    }

    /// `self` merged over `base`: mappings merge key by key (recursively, base keys first); anything else in
    /// `self`, including null and lists, replaces what `base` had.
    ///
    /// This is the `defaults:` rule: an agent inherits every key it does not set, and a list it sets is the
    /// whole list (so `write: []` really means "write nothing").
    func merged(over base: ConfigNode) -> ConfigNode {
        guard case .map(let mine) = value, case .map(let theirs) = base.value else { return self }
        var result = theirs
        for entry in mine {
            if let i = result.firstIndex(where: { $0.key == entry.key }) {
                result[i] = ConfigEntry(
                    key: entry.key, line: entry.line, column: entry.column,
                    value: entry.value.merged(over: result[i].value))
            } else {
                result.append(entry)
            }
        }
        return ConfigNode(value: .map(result), line: line, column: column)
    }
}

/// One key of a validated mapping, with the key's position.
struct ConfigEntry: Sendable {
    var key: String
    var line: Int
    var column: Int
    var value: ConfigNode
}
