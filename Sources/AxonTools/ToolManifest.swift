public import AxonConfig
public import AxonCore
import Yams

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
        func at(_ line: Int, _ column: Int, _ message: String) -> ConfigDiagnostic {
            let position = header.filePosition(line: line, column: column)
            return ConfigDiagnostic(file: file, line: position.line, column: position.column, message: message)
        }
        func at(_ node: Node, _ message: String) -> ConfigDiagnostic {
            at(node.mark?.line ?? 1, node.mark?.column ?? 1, message)
        }
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: header.yaml, YAMLScalar.resolver) else {
                return .invalid(at(1, 1, "the manifest is empty; it needs name and description"), name: nil)
            }
            root = composed
        } catch let error as YamlError {
            return .invalid(syntaxDiagnostic(error, at: at), name: nil)
        } catch {
            return .invalid(at(1, 1, "cannot parse the manifest's YAML: \(error)"), name: nil)
        }
        guard case .mapping(let mapping) = root else {
            return .invalid(
                at(root, "the manifest must be a mapping with name, description, input, timeout"), name: nil)
        }
        var fields: [String: Node] = [:]
        for (key, value) in mapping { if let k = key.string { fields[k] = value } }
        let name = fields["name"].flatMap(stringValue)
        for (key, _) in mapping where !Self.keys.contains(key.string ?? "") {
            let known = Self.keys.joined(separator: ", ")
            return .invalid(at(key, "unknown key '\(key.string ?? "?")' (the keys are \(known))"), name: name)
        }
        guard let nameNode = fields["name"], let name else {
            return .invalid(at(fields["name"] ?? root, "'name' is missing or not a string"), name: nil)
        }
        guard NameRule.isValid(name) else {
            return .invalid(
                at(
                    nameNode, "invalid tool name '\(name)': use a letter, then letters, digits, '_' or '-' (64 at most)"
                ),
                name: name)
        }
        guard let description = fields["description"].flatMap(stringValue), !description.isEmpty else {
            return .invalid(at(fields["description"] ?? root, "'description' is missing or not a string"), name: name)
        }
        var input: JSONValue = .object(["type": .string("object")])
        if let node = fields["input"] {
            guard case .mapping = node, let schema = json(node), schema["type"]?.stringValue == "object" else {
                return .invalid(at(node, "'input' must be a JSON Schema of an object (type: object)"), name: name)
            }
            input = schema
        }
        var timeout = defaultTimeout
        if let node = fields["timeout"] {
            guard let text = stringValue(node), let parsed = ConfigDuration.parse(text), parsed > .zero,
                parsed <= maxTimeout
            else {
                return .invalid(at(node, "'timeout' must be a duration like 10s or 500ms, at most 10m"), name: name)
            }
            timeout = parsed
        }
        return .manifest(ToolManifest(name: name, description: description, input: input, timeout: timeout))
    }

    private static func stringValue(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else { return nil }
        return scalar.string
    }

    /// YAML → JSON with the YAML 1.2 core-schema typing fleet.yaml uses; nil for an alias or a non-string key.
    private static func json(_ node: Node) -> JSONValue? {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if let i = node.int { return .int(i) }
                if let d = node.float { return .double(d) }
                if let b = node.bool { return .bool(b) }
                if node.null != nil { return .null }
            }
            return .string(scalar.string)
        case .sequence(let items):
            var out: [JSONValue] = []
            for item in items {
                guard let value = json(item) else { return nil }
                out.append(value)
            }
            return .array(out)
        case .mapping(let mapping):
            var out: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard let k = key.string, let v = json(value) else { return nil }
                out[k] = v
            }
            return .object(out)
        case .alias:
            return nil
        }
    }

    private static func syntaxDiagnostic(
        _ error: YamlError, at: (Int, Int, String) -> ConfigDiagnostic
    ) -> ConfigDiagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return at(mark.line, mark.column, "YAML syntax error in the manifest: \(problem)")
        case .duplicatedKeysInMapping(let keys, let context):
            return at(
                context.mark.line, context.mark.column,
                "duplicate key '\(keys.first ?? "?")' in the manifest; remove one of them")
        default:
            return at(1, 1, "cannot parse the manifest's YAML: \(error)")
        }
    }
}
