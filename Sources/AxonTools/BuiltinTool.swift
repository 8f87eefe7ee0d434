public import AxonCore
public import AxonModels
import Foundation

/// One built-in tool: what the model sees (name, description, JSON Schema) and what runs.
struct BuiltinTool: Sendable {
    let name: String
    let description: String
    let schema: JSONValue
    let run: @Sendable (ToolArguments, ToolBox) async throws(ToolFailure) -> String

    /// A tool whose work is async already (it must not block the cooperative pool itself).
    init(
        name: String, description: String, schema: JSONValue,
        run: @escaping @Sendable (ToolArguments, ToolBox) async throws(ToolFailure) -> String
    ) {
        self.name = name
        self.description = description
        self.schema = schema
        self.run = run
    }

    /// A tool doing blocking file I/O (a walk of a large tree can take seconds): it runs on a dedicated thread,
    /// never on the cooperative pool (2 threads on a 2-core machine).
    static func blocking(
        name: String, description: String, schema: JSONValue,
        _ blocking: @escaping @Sendable (ToolArguments, ToolBox) throws(ToolFailure) -> String
    ) -> BuiltinTool {
        BuiltinTool(name: name, description: description, schema: schema) {
            (args: ToolArguments, box: ToolBox) async throws(ToolFailure) -> String in
            let result = await withCheckedContinuation {
                (continuation: CheckedContinuation<Result<String, ToolFailure>, Never>) in
                let thread = Thread {
                    do throws(ToolFailure) {
                        continuation.resume(returning: .success(try blocking(args, box)))
                    } catch {
                        continuation.resume(returning: .failure(error))
                    }
                }
                thread.name = "axon-tool-io"
                thread.start()
            }
            return try result.get()
        }
    }

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
