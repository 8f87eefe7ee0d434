import AxonCore

/// Step 3 of loading: rules that span several keys, run on the validated tree.
///
/// Each rule is one named function returning its diagnostics, so a rule is easy to find and to test. They run
/// after shape validation on whatever part of the tree was valid, so their problems are reported together
/// with the shape's.
enum FleetRules {
    typealias Rule = @Sendable (_ root: ConfigNode, _ file: String) -> [ConfigDiagnostic]

    static let all: [Rule] = [modelReferencesExist, remoteModelsNameTheirModel, promptAndRunExclusive]

    /// `model:` in `defaults:` and in every agent names a key under `models:`.
    static func modelReferencesExist(_ root: ConfigNode, _ file: String) -> [ConfigDiagnostic] {
        let defined = root["models"]?.entries.map(\.key) ?? []
        var refs: [(path: String, node: ConfigNode)] = []
        if let model = root["defaults"]?["model"] { refs.append(("defaults.model", model)) }
        for agent in root["agents"]?.entries ?? [] {
            if let model = agent.value["model"] { refs.append(("agents.\(agent.key).model", model)) }
        }
        return refs.compactMap { ref in
            guard let name = ref.node.string, !defined.contains(name) else { return nil }
            let known =
                defined.isEmpty
                ? "no models are defined; add it under models: or remove model: to use the default model"
                : "defined models: \(defined.joined(separator: ", "))"
            return ConfigDiagnostic(
                file: file, line: ref.node.line, column: ref.node.column,
                message: "\(ref.path): unknown model '\(name)'\(Suggestion.hint(for: name, in: defined)); \(known)")
        }
    }

    /// openai and anthropic models need the provider's model id.
    static func remoteModelsNameTheirModel(_ root: ConfigNode, _ file: String) -> [ConfigDiagnostic] {
        (root["models"]?.entries ?? []).compactMap { entry in
            guard let provider = entry.value["provider"]?.string, entry.value["model"] == nil else { return nil }
            let example: String
            switch ProviderKind(rawValue: provider) {
            case .openai: example = "gpt-4.1-mini"
            case .anthropic: example = "claude-sonnet-4-5"
            case .replay, nil: return nil
            }
            return ConfigDiagnostic(
                file: file, line: entry.value.line, column: entry.value.column,
                message:
                    "models.\(entry.key): provider \(provider) needs model: (the provider's model id, e.g. \(example))")
        }
    }

    /// `prompt` (one request) and `run` (a script) are two ways to drive an agent; one agent picks one.
    ///
    /// Checked after merging `defaults:`, but reported where the conflict is written: at the agent's own key
    /// when one of the two comes from the agent, once at `defaults:` when both do.
    static func promptAndRunExclusive(_ root: ConfigNode, _ file: String) -> [ConfigDiagnostic] {
        let message = "set either prompt (one request per session) or run (a script per session), not both"
        let defaults = root["defaults"]
        var out: [ConfigDiagnostic] = []
        if let d = defaults, d["prompt"] != nil, let run = d.entry("run") {
            out.append(.init(file: file, line: run.line, column: run.column, message: "defaults: \(message)"))
        }
        for agent in root["agents"]?.entries ?? [] {
            let own = agent.value
            let merged = defaults.map { own.merged(over: $0) } ?? own
            guard merged["prompt"] != nil, merged["run"] != nil else { continue }
            let mine = [own.entry("prompt"), own.entry("run")].compactMap { $0 }.filter { $0.value.string != nil }
            guard let at = mine.max(by: { ($0.line, $0.column) < ($1.line, $1.column) }) else { continue }
            out.append(.init(file: file, line: at.line, column: at.column, message: "agents.\(agent.key): \(message)"))
        }
        return out
    }
}
