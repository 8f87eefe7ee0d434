public import AxonConfig
import AxonCore

/// Which environment values are secrets: they are redacted from traces and withheld from tools.
public enum Secrets {
    /// True for a variable name that holds a secret by convention (`*_KEY`, `*_TOKEN`, `*_SECRET`,
    /// `*PASSWORD*`, `AXON_API_TOKEN`) or by configuration (`keyNames`, every model's `api_key_env`).
    public static func isSecretName(_ name: String, keyNames: Set<String> = []) -> Bool {
        SecretNames.contains(name, configured: keyNames)
    }

    /// The secret values present in `environment` for this configuration.
    public static func values(in environment: [String: String], config: FleetConfig) -> [String] {
        let keyNames = Set(config.models.values.compactMap(\.apiKeyEnv))
        return environment.compactMap { name, value in
            isSecretName(name, keyNames: keyNames) && !value.isEmpty ? value : nil
        }.sorted()
    }
}

extension Secrets {
    /// What tools and shells inherit: `environment` minus every secret name (each model's `api_key_env`,
    /// `AXON_API_TOKEN`, `*_KEY`, `*_TOKEN`, `*_SECRET`, `*PASSWORD*`), plus `AXON_AGENT` and `AXON_SESSION`
    /// (`AXON_THREAD` is set per call).
    public static func toolEnvironment(
        _ environment: [String: String], config: FleetConfig, agent: String, session: String
    ) -> [String: String] {
        let keyNames = Set(config.models.values.compactMap(\.apiKeyEnv))
        var env = environment.filter { !isSecretName($0.key, keyNames: keyNames) }
        env["AXON_AGENT"] = agent
        env["AXON_SESSION"] = session
        return env
    }
}
