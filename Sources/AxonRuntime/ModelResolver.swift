public import AxonConfig
public import AxonModels

/// The model an agent talks to, ready to call.
public struct ResolvedModel: Sendable {
    public var spec: ModelSpec
    public var provider: any ModelProvider
    /// A one-line notice for stderr when axon fell back to the offline model on its own.
    public var banner: String?
}

/// Picks and builds an agent's model.
///
/// Order: `override` (the `--model` flag or `AXON_MODEL`), then the agent's `model:` (with `defaults:` merged),
/// then the environment: `ANTHROPIC_API_KEY` → anthropic, `OPENAI_API_KEY` → openai, else the offline replay
/// model with a banner.
public enum ModelResolver {
    public static func resolve(
        config: FleetConfig, agent: AgentSpec, override: String?, environment: [String: String],
        workspace: Workspace
    ) throws(RuntimeError) -> ResolvedModel {
        if let key = override ?? agent.model {
            guard let spec = config.models[key] else {
                throw .unknownModel(key, known: Array(config.models.keys))
            }
            return try build(spec, workspace: workspace, banner: nil)
        }
        let keys = ["ANTHROPIC_API_KEY", "OPENAI_API_KEY"].filter { !(environment[$0] ?? "").isEmpty }
        let offline = ModelSpec(key: "offline", provider: .replay, model: "replay")
        let banner =
            keys.isEmpty
            ? "axon: no ANTHROPIC_API_KEY or OPENAI_API_KEY set; using the offline replay model"
            : "axon: \(keys[0]) is set, but this build of axon has only the offline replay model; using it"
        return try build(offline, workspace: workspace, banner: banner)
    }

    static func build(_ spec: ModelSpec, workspace: Workspace, banner: String?) throws(RuntimeError)
        -> ResolvedModel
    {
        switch spec.provider {
        case .replay:
            let script: ReplayScript
            if let path = spec.script {
                do {
                    script = try ReplayScript.load(path: workspace.resolve(path), displayPath: path)
                } catch {
                    throw .model(error)
                }
            } else {
                script = .builtIn
            }
            return ResolvedModel(
                spec: spec, provider: ReplayProvider(script: script, model: spec.model ?? "replay"), banner: banner)
        case .openai, .anthropic:
            throw .model(
                .unavailable(
                    provider: spec.provider.rawValue,
                    reason: "this build of axon has only the offline replay provider; "
                        + "point the agent at a `provider: replay` model in fleet.yaml"))
        }
    }
}
