public import AxonCore
import Foundation

/// One tool of any kind: what the model sees (`spec`), where it comes from, and how a call runs.
///
/// Built-in, executable (and later MCP and skill) tools are all values of this type, so the session has one
/// spec list per model call and `ToolBox.call` one dispatch path: find the active tool, apply the policy
/// filter, validate the arguments against `spec.inputSchema`, run, cap the result.
public struct Tool: Sendable {
    /// The fields, behind one reference: catalogs copy their entries several times per reload, and a tool copied
    /// is then one retain, not one per field.
    private final class Storage: Sendable {
        let spec: ToolSpec
        let kind: ToolKind
        let source: String
        let run: @Sendable (ToolArguments, ToolBox) async throws(ToolFailure) -> String
        let schemaJSON: String
        /// Source, description and schema in one string: what a reload compares a tool by (its file's hash
        /// apart), made once.
        let identity: String

        init(
            spec: ToolSpec, kind: ToolKind, source: String,
            run: @escaping @Sendable (ToolArguments, ToolBox) async throws(ToolFailure) -> String
        ) {
            self.spec = spec
            self.kind = kind
            self.source = source
            self.run = run
            schemaJSON = spec.inputSchema.serialized()
            identity = source + "\u{0}" + spec.description + "\u{0}" + schemaJSON
        }
    }

    private let storage: Storage

    public var spec: ToolSpec { storage.spec }
    public var kind: ToolKind { storage.kind }
    /// Where it comes from: `builtin`, a repo-relative file (`src/tools/hello.sh`), later `mcp:SERVER`.
    public var source: String { storage.source }
    /// The call itself, with arguments already validated; a failure is the model's error result.
    var run: @Sendable (ToolArguments, ToolBox) async throws(ToolFailure) -> String { storage.run }
    /// The spec's input schema as JSON text, serialized once: every reload diffs it and every offer measures
    /// it, for every tool of the catalog.
    public var schemaJSON: String { storage.schemaJSON }
    /// Source, description and input schema: two tools with the same identity offer the same thing.
    public var identity: String { storage.identity }

    public var name: String { spec.name }

    init(
        spec: ToolSpec, kind: ToolKind, source: String,
        run: @escaping @Sendable (ToolArguments, ToolBox) async throws(ToolFailure) -> String
    ) {
        storage = Storage(spec: spec, kind: kind, source: source, run: run)
    }

    /// What the spec costs in a request: name, description and input schema as JSON.
    var schemaBytes: Int { spec.name.utf8.count + spec.description.utf8.count + schemaJSON.utf8.count }

    /// A built-in tool whose work is async already (it must not block the cooperative pool itself).
    static func builtin(
        name: String, description: String, schema: JSONValue,
        run: @escaping @Sendable (ToolArguments, ToolBox) async throws(ToolFailure) -> String
    ) -> Tool {
        Tool(
            spec: ToolSpec(name: name, description: description, inputSchema: schema), kind: .builtin,
            source: "builtin", run: run)
    }

    /// A built-in tool doing blocking file I/O (a walk of a large tree can take seconds): it runs on a
    /// dedicated thread, never on the cooperative pool (2 threads on a 2-core machine).
    static func blocking(
        name: String, description: String, schema: JSONValue,
        _ blocking: @escaping @Sendable (ToolArguments, ToolBox) throws(ToolFailure) -> String
    ) -> Tool {
        builtin(name: name, description: description, schema: schema) {
            (args: ToolArguments, box: ToolBox) async throws(ToolFailure) -> String in
            let result = await BlockingWork.run(name: "axon-tool-io") { () -> Result<String, ToolFailure> in
                do throws(ToolFailure) {
                    return .success(try blocking(args, box))
                } catch {
                    return .failure(error)
                }
            }
            return try result.get()
        }
    }

    /// A tool answered outside this process (an MCP server's): `call` gets the validated arguments object and
    /// says what the model sees.
    public static func remote(
        spec: ToolSpec, kind: ToolKind, source: String, call: @escaping @Sendable (JSONValue) async -> ToolOutcome
    ) -> Tool {
        Tool(spec: spec, kind: kind, source: source) { (args: ToolArguments, _: ToolBox) async throws(ToolFailure) in
            let outcome = await call(.object(args.values))
            guard outcome.ok else { throw ToolFailure(outcome.content, code: outcome.errorCode) }
            return outcome.content
        }
    }

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
