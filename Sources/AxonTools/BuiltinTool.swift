public import AxonCore
public import AxonModels

/// One built-in tool: what the model sees (name, description, JSON Schema) and what runs.
struct BuiltinTool: Sendable {
    let name: String
    let description: String
    let schema: JSONValue
    let run: @Sendable (ToolArguments, ToolBox) async throws(ToolFailure) -> String

    var spec: ToolSpec { ToolSpec(name: name, description: description, inputSchema: schema) }

    /// An object schema with `additionalProperties: false`; each property is (name, JSON type, description).
    static func schema(_ properties: [(String, String, String)], required: [String]) -> JSONValue {
        var fields: [String: JSONValue] = [:]
        for (name, type, description) in properties {
            fields[name] = .object(["type": .string(type), "description": .string(description)])
        }
        return .object([
            "type": .string("object"), "properties": .object(fields),
            "required": .array(required.map(JSONValue.string)), "additionalProperties": .bool(false),
        ])
    }
}

/// A tool call's arguments after schema validation (so the types asked for are the types present).
struct ToolArguments: Sendable {
    let values: [String: JSONValue]
    /// The thread the call runs in (`AXON_THREAD` for processes).
    let thread: String

    func string(_ name: String) -> String { values[name]?.stringValue ?? "" }
    func optionalString(_ name: String) -> String? { values[name]?.stringValue }
    func optionalInt(_ name: String) -> Int? { values[name]?.intValue }
}
