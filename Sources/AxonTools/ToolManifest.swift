public import AxonConfig
public import AxonCore

/// The manifest of an executable tool (docs/tools.md): `name`, `description`, `input` (the JSON Schema of
/// its arguments) and `timeout`.
public struct ToolManifest: Sendable, Equatable {
    public var name: String
    public var description: String
    /// JSON Schema of the arguments object; `{type: object}` when the manifest has no `input`.
    public var input: JSONValue
    public var timeout: Duration

    public static let defaultTimeout: Duration = .seconds(30)
    /// The longest `timeout` accepted (the same ceiling as run_shell's).
    public static let maxTimeout: Duration = .seconds(600)
    static let keys = ["name", "description", "input", "timeout"]

    /// What a file's head holds.
    public enum Parsed: Sendable, Equatable {
        case manifest(ToolManifest)
        /// The file has no manifest (no comment block with `---` lines).
        case none
        /// A broken manifest: where and why; `name` when one could still be read (for listings).
        case invalid(ConfigDiagnostic, name: String?)
    }

    /// Parses the manifest in `text`, the content of `file` (the path diagnostics name). Never throws and
    /// never traps, whatever the file holds.
    public static func parse(_ text: String, file: String) -> Parsed {
        let header: ManifestHeader
        switch ManifestHeader.find(in: text) {
        case .none: return .none
        case .unterminated(let line, let column):
            return .invalid(
                ConfigDiagnostic(
                    file: file, line: line, column: column,
                    message: "the manifest's '---' has no closing '---' line in the same comment block"),
                name: nil)
        case .header(let found): header = found
        }
        let fields: YAMLMapping
        switch YAMLMapping.parse(header.yaml, file: file, locate: header.filePosition) {
        case .failure(var problem):
            problem.message = "in the manifest: " + problem.message
            return .invalid(problem, name: nil)
        case .success(let parsed): fields = parsed
        }
        func problem(_ key: String?, _ message: String) -> ConfigDiagnostic {
            fields.problem(key, file: file, message)
        }
        let name = fields["name"]?.stringValue
        if let unknown = fields.values.keys.sorted().first(where: { !Self.keys.contains($0) }) {
            let known = Self.keys.joined(separator: ", ")
            return .invalid(problem(unknown, "unknown key '\(unknown)' (the keys are \(known))"), name: name)
        }
        guard let name else {
            let message =
                fields.values.isEmpty
                ? "the manifest is empty; it needs name and description" : "'name' is missing or not a string"
            return .invalid(problem(fields["name"] == nil ? nil : "name", message), name: nil)
        }
        guard NameRule.isValid(name) else {
            return .invalid(
                problem(
                    "name", "invalid tool name '\(name)': use a letter, then letters, digits, '_' or '-' (64 at most)"),
                name: name)
        }
        guard let description = fields["description"]?.stringValue, !description.isEmpty else {
            return .invalid(
                problem(fields["description"] == nil ? nil : "description", "'description' is missing or not a string"),
                name: name)
        }
        var input: JSONValue = .object(["type": .string("object")])
        if let schema = fields["input"] {
            guard schema["type"]?.stringValue == "object" else {
                return .invalid(
                    problem("input", "'input' must be a JSON Schema of an object (type: object)"), name: name)
            }
            input = schema
        }
        var timeout = defaultTimeout
        if let value = fields["timeout"] {
            guard let text = value.stringValue, let parsed = ConfigDuration.parse(text), parsed > .zero,
                parsed <= maxTimeout
            else {
                return .invalid(
                    problem("timeout", "'timeout' must be a duration like 10s or 500ms, at most 10m"), name: name)
            }
            timeout = parsed
        }
        return .manifest(ToolManifest(name: name, description: description, input: input, timeout: timeout))
    }
}
