import AxonCore
internal import Yams

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Loads and validates `fleet.yaml`.
///
/// The pipeline, one named step each: compose the YAML (`YAMLDocument`, duplicates located), check the shape
/// (`ShapeValidator` against `FleetShape.root`), run the cross-key rules (`FleetRules`), then merge `defaults:`
/// and build the typed values (`FleetConfig(validated:)`). Every problem from every step is collected and
/// thrown together, sorted by position; nothing is printed and nothing exits.
public enum FleetLoader {
    /// Loads the fleet at `path`. A missing file is not an error: it yields `FleetConfig.builtIn`.
    ///
    /// Diagnostics name the file `displayPath` (the CLI passes `fleet.yaml`, relative to the repo), else `path`.
    /// - Throws: `ConfigError.invalid` with every diagnostic, or `.unreadable` when the file exists but cannot
    ///   be read.
    public static func load(path: String, displayPath: String? = nil) throws(ConfigError) -> FleetConfig {
        let shown = displayPath ?? path
        let data: [UInt8]
        do throws(POSIX.Failure) {
            data = try POSIX.readFile(path)
        } catch {
            if error.errno == ENOENT { return FleetConfig.builtIn }
            throw .unreadable(path: shown, reason: error.reason)
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw .invalid([invalidUTF8(data, file: shown)])
        }
        var config = try load(yaml: text, file: shown)
        config.source = ConfigSource(path: path, text: text)
        return config
    }

    /// Parses and validates YAML text; `file` names it in diagnostics.
    ///
    /// An empty document (nothing or only comments) is valid and gives the built-in agent. `source` is left
    /// nil; `load(path:)` sets it.
    /// - Throws: `ConfigError.invalid` with every problem, in file order.
    public static func load(yaml: String, file: String) throws(ConfigError) -> FleetConfig {
        let document = YAMLDocument(yaml: yaml, file: file)
        if !document.diagnostics.isEmpty { throw .invalid(document.diagnostics) }
        guard let root = document.root else { return FleetConfig.builtIn }
        if root.mapping == nil {
            let (line, column) = ShapeValidator.position(of: root)
            throw .invalid([
                ConfigDiagnostic(
                    file: file, line: line, column: column,
                    message:
                        "the top level must be a mapping of keys (version, models, agents, …), got \(YAMLScalar.describe(root))"
                )
            ])
        }
        var validator = ShapeValidator(file: file, duplicates: document.duplicates)
        let tree = validator.check(root, as: .object(FleetShape.root), path: "")
        var diagnostics = validator.diagnostics
        if let tree {
            for rule in FleetRules.all { diagnostics += rule(tree, file) }
        }
        guard diagnostics.isEmpty, let tree else { throw .invalid(sorted(diagnostics)) }
        var config = FleetConfig(validated: tree, source: nil)
        config.warnings = sorted(validator.warnings)
        return config
    }

    /// In file order; exact repeats (an aliased node reported once per use) dropped.
    static func sorted(_ diagnostics: [ConfigDiagnostic]) -> [ConfigDiagnostic] {
        var seen: [ConfigDiagnostic] = []
        for d in diagnostics.enumerated().sorted(by: {
            ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset)
        }).map(\.element) where !seen.contains(d) {
            seen.append(d)
        }
        return seen
    }

    /// Points at the first byte that is not UTF-8.
    private static func invalidUTF8(_ bytes: [UInt8], file: String) -> ConfigDiagnostic {
        var end = 0
        var line = 1
        var lineStart = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s):
                end += UTF8.width(s)
                if s == "\n" {
                    line += 1
                    lineStart = end
                }
            case .emptyInput, .error: break decoding
            }
        }
        let column = (String(decoding: bytes[lineStart..<end], as: UTF8.self).unicodeScalars.count) + 1
        return ConfigDiagnostic(
            file: file, line: line, column: column,
            message: "the file is not UTF-8 text; fleet.yaml must be UTF-8 encoded")
    }
}
