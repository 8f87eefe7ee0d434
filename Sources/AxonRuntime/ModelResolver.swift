public import AxonConfig
public import AxonModels
import AxonProviders

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
/// then the environment: `ANTHROPIC_API_KEY` → anthropic `claude-sonnet-4-5`, `OPENAI_API_KEY` → openai
/// `gpt-4.1-mini`, else the offline replay model with a banner. HTTP providers are built here (the key is
/// checked now: a missing one is `ModelError.missingAPIKey`, a usage error) but open no connection until their
/// first call.
public enum ModelResolver {
    public static func resolve(
        config: FleetConfig, agent: AgentSpec, override: String?, environment: [String: String],
        workspace: Workspace
    ) throws(RuntimeError) -> ResolvedModel {
        if let key = override ?? agent.model {
            guard let spec = config.models[key] else {
                throw .unknownModel(key, known: Array(config.models.keys))
            }
            return try build(spec, workspace: workspace, environment: environment, banner: nil)
        }
        if !(environment["ANTHROPIC_API_KEY"] ?? "").isEmpty {
            let spec = ModelSpec(key: "anthropic", provider: .anthropic, model: "claude-sonnet-4-5")
            return try build(spec, workspace: workspace, environment: environment, banner: nil)
        }
        if !(environment["OPENAI_API_KEY"] ?? "").isEmpty {
            let spec = ModelSpec(key: "openai", provider: .openai, model: "gpt-4.1-mini")
            return try build(spec, workspace: workspace, environment: environment, banner: nil)
        }
        let offline = ModelSpec(key: "offline", provider: .replay, model: "replay")
        return try build(
            offline, workspace: workspace, environment: environment,
            banner: "axon: no ANTHROPIC_API_KEY or OPENAI_API_KEY set; using the offline replay model")
    }

    static func build(
        _ spec: ModelSpec, workspace: Workspace, environment: [String: String], banner: String?
    ) throws(RuntimeError) -> ResolvedModel {
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
            // The HTTP stack (and its event loop) is created on the first call, not here.
            do {
                let provider = try HTTPProviders.make(spec, environment: environment)
                return ResolvedModel(spec: spec, provider: provider, banner: banner)
            } catch {
                throw .model(error)
            }
        }
    }
}
