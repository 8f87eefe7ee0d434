public import AxonCore

/// The JSON Schema (draft 2020-12) of `fleet.yaml`, derived from the same `FleetShape` the loader validates
/// with, so the two cannot disagree.
///
/// The checked-in `docs/fleet.schema.json` is `jsonSchemaText()`; a test fails when it is stale. Editors use it
/// through `# yaml-language-server: $schema=docs/fleet.schema.json`. Some rules are beyond the schema and only
/// the loader checks them: model references, prompt/run exclusivity, `..` segments and unbalanced `[` in globs,
/// duration unit order.
public enum FleetSchema {
    /// The schema as a JSON value.
    public static func jsonSchema() -> JSONValue {
        var root = objectSchema(FleetShape.root)
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        root["title"] = "axon fleet.yaml"
        var defs: [String: JSONValue] = [:]
        collectDefinitions(.object(FleetShape.root), into: &defs)
        root["$defs"] = .object(defs)
        return .object(root)
    }

    /// The schema as pretty-printed JSON (2-space indent, keys sorted, final newline): the bytes of
    /// `docs/fleet.schema.json`.
    public static func jsonSchemaText() -> String {
        var out = ""
        jsonSchema().writePretty(to: &out, indent: "")
        return out + "\n"
    }

    private static func collectDefinitions(_ shape: Shape, into defs: inout [String: JSONValue]) {
        switch shape {
        case .object(let object):
            if let ref = object.ref, defs[ref] == nil { defs[ref] = .object(objectSchema(object)) }
            for field in object.fields { collectDefinitions(field.shape, into: &defs) }
        case .list(let inner), .optional(let inner), .map(_, let inner):
            collectDefinitions(inner, into: &defs)
        default:
            break
        }
    }

    private static func objectSchema(_ object: ObjectShape) -> [String: JSONValue] {
        var properties: [String: JSONValue] = [:]
        for field in object.fields {
            guard case .object(var property) = schema(field.shape) else { continue }
            property["description"] = .string(field.doc)
            if let value = field.defaultValue { property["default"] = value }
            properties[field.name] = .object(property)
        }
        var out: [String: JSONValue] = [
            "type": "object", "additionalProperties": false, "description": .string(object.doc),
            "properties": .object(properties),
        ]
        let required = object.fields.filter(\.isRequired).map { JSONValue.string($0.name) }
        if !required.isEmpty { out["required"] = .array(required) }
        return out
    }

    static func schema(_ shape: Shape) -> JSONValue {
        switch shape {
        case .string: return ["type": "string"]
        case .text: return ["type": ["string", "number", "boolean"]]
        case .integer(let min, let max):
            var s: [String: JSONValue] = ["type": "integer", "minimum": .int(min)]
            if max != .max { s["maximum"] = .int(max) }
            return .object(s)
        case .number: return ["type": "number", "minimum": 0]
        case .boolean: return ["type": "boolean"]
        case .duration: return ["type": "string", "pattern": .string(ConfigDuration.pattern)]
        case .size(let min):
            return [
                "anyOf": [
                    ["type": "integer", "minimum": .int(min)],
                    ["type": "string", "pattern": .string(ConfigSize.pattern)],
                ]
            ]
        case .glob: return ["type": "string", "minLength": 1, "pattern": "^[^/~]"]
        case .choice(let values, _): return ["type": "string", "enum": .array(values.map { .string($0) })]
        case .list(let item): return ["type": "array", "items": schema(item)]
        case .map(let key, let value):
            return [
                "type": "object", "propertyNames": ["pattern": .string(key.pattern)],
                "additionalProperties": schema(value),
            ]
        case .object(let object):
            if let ref = object.ref { return ["$ref": .string("#/$defs/\(ref)")] }
            return .object(objectSchema(object))
        case .optional(let inner):
            let s = schema(inner)
            if case .object(var fields) = s, case .string(let type)? = fields["type"], fields["enum"] == nil {
                fields["type"] = [.string(type), "null"]
                return .object(fields)
            }
            return ["anyOf": [s, ["type": "null"]]]
        }
    }
}

extension JSONValue {
    /// Pretty JSON: objects with sorted keys one per line, arrays of scalars on one line.
    func writePretty(to out: inout String, indent: String) {
        let inner = indent + "  "
        switch self {
        case .object(let fields) where !fields.isEmpty:
            out += "{\n"
            for (i, key) in fields.keys.sorted().enumerated() {
                out += inner + JSONText.quote(key) + ": "
                fields[key]!.writePretty(to: &out, indent: inner)
                out += i == fields.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        case .array(let items) where items.contains(where: { $0.arrayValue != nil || $0.objectValue != nil }):
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += inner
                item.writePretty(to: &out, indent: inner)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .array(let items):
            out += "[" + items.map { $0.serialized() }.joined(separator: ", ") + "]"
        default:
            write(to: &out)
        }
    }
}
