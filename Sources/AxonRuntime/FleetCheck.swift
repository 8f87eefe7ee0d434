public import AxonConfig
public import AxonCore
import AxonModels

/// `axon validate`: the fleet file and every file it names, checked at once.
public struct FleetCheck: Sendable {
    /// The loaded fleet, when it is valid.
    public var config: FleetConfig?
    /// Every problem, fleet.yaml's first, then each replay script's.
    public var diagnostics: [ConfigDiagnostic]
    /// Keys that are valid but not used yet (they do not make the fleet invalid).
    public var warnings: [ConfigDiagnostic] = []

    public static func run(workspace: Workspace) -> FleetCheck {
        let config: FleetConfig
        do {
            config = try workspace.loadFleet()
        } catch {
            switch error {
            case .invalid(let diagnostics): return FleetCheck(config: nil, diagnostics: diagnostics)
            case .unreadable(_, let reason):
                return FleetCheck(
                    config: nil,
                    diagnostics: [
                        ConfigDiagnostic(
                            file: "fleet.yaml", line: 1, column: 1, message: "cannot read the file: \(reason)")
                    ])
            }
        }
        var diagnostics: [ConfigDiagnostic] = []
        for key in config.models.keys.sorted() {
            guard let spec = config.models[key], spec.provider == .replay, let script = spec.script else { continue }
            do {
                _ = try ReplayScript.load(path: workspace.resolve(script), displayPath: script)
            } catch {
                diagnostics.append(Self.diagnostic(error, file: script))
            }
        }
        return FleetCheck(
            config: diagnostics.isEmpty ? config : nil, diagnostics: diagnostics, warnings: config.warnings)
    }

    /// A replay script error as a diagnostic.
    static func diagnostic(_ error: ModelError, file: String) -> ConfigDiagnostic {
        guard case .script(_, let line, let column, let message) = error else {
            return ConfigDiagnostic(file: file, line: 1, column: 1, message: error.description)
        }
        return ConfigDiagnostic(file: file, line: line ?? 1, column: column ?? 1, message: message)
    }

    /// `{"ok", "agents", "models", "diagnostics": [{file, line, column, message}], "warnings": [same]}`
    public var json: JSONValue {
        func located(_ list: [ConfigDiagnostic]) -> JSONValue {
            .array(
                list.map {
                    .object([
                        "file": .string($0.file), "line": .int($0.line), "column": .int($0.column),
                        "message": .string($0.message),
                    ])
                })
        }
        return .object([
            "ok": .bool(diagnostics.isEmpty),
            "agents": .array((config?.agentOrder ?? []).map { .string($0.rawValue) }),
            "models": .array((config?.models.keys.sorted() ?? []).map { .string($0) }),
            "diagnostics": located(diagnostics), "warnings": located(warnings),
        ])
    }
}
