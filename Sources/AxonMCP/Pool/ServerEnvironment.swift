import AxonCore

/// The environment an MCP server runs with: the caller's minus secrets, plus the server's own `env`.
///
/// The rule is the one tools follow (design.md, Tools): names matching `*_KEY`, `*_TOKEN`, `*_SECRET`,
/// `*PASSWORD*`, `AXON_API_TOKEN`, and any configured key name (every model's `api_key_env`), are withheld. A
/// server that needs a token gets it through its own `env` entry, which is added after the filter, so handing a
/// secret to a server is always an explicit line in a config file.
enum ServerEnvironment {
    static func make(
        inherited: [String: String], serverEnv: [String: String], secretNames: Set<String>
    ) -> [String: String] {
        var env = inherited.filter { !SecretNames.contains($0.key, configured: secretNames) }
        for (key, value) in serverEnv { env[key] = value }
        return env
    }
}
