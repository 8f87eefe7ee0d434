public import AxonCore

/// The subset of JSON Schema that tool inputs use: `type`, `properties`, `required`, `enum`, `items`,
/// `additionalProperties: false`. Unknown keywords are let through.
public enum SchemaValidator {
    /// Every problem with `value` against `schema`, as sentences naming the argument; empty when valid.
    public static func problems(_ value: JSONValue, schema: JSONValue, at path: String = "arguments") -> [String] {
        var found: [String] = []
        check(value, schema, path, &found)
        return found
    }

    private static func check(_ value: JSONValue, _ schema: JSONValue, _ path: String, _ found: inout [String]) {
        if let type = schema["type"] {
            let types = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue].compactMap { $0 }
            if !types.isEmpty, !types.contains(where: { matches(value, type: $0) }) {
                found.append("\(path) must be \(types.joined(separator: " or ")), not \(describe(value))")
                return
            }
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) {
            found.append("\(path) must be one of \(options.map { $0.serialized() }.joined(separator: ", "))")
        }
        if case .object(let fields) = value {
            let properties = schema["properties"]?.objectValue ?? [:]
            for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where fields[name] == nil {
                found.append("\(path).\(name) is required")
            }
            for (name, field) in fields.sorted(by: { $0.key < $1.key }) {
                if let sub = properties[name] {
                    check(field, sub, "\(path).\(name)", &found)
                } else if schema["additionalProperties"] == .bool(false) {
                    let known = properties.keys.sorted().joined(separator: ", ")
                    found.append("\(path).\(name) is not an argument of this tool (it takes: \(known))")
                }
            }
        }
        if case .array(let items) = value, let itemSchema = schema["items"] {
            for (i, item) in items.enumerated() { check(item, itemSchema, "\(path)[\(i)]", &found) }
        }
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null):
            true
        case ("integer", .int): true
        case ("integer", .double(let d)): d == d.rounded()
        case ("number", .int), ("number", .double): true
        default: false
        }
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
