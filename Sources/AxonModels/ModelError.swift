/// Why a model call failed.
///
/// Every description names what failed and, where there is one, the remedy: a user reading one line on stderr
/// should know what to change (`401 from https://api.openai.com/v1: check OPENAI_API_KEY (…)`).
public enum ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A replay script could not be read or is invalid; `line`/`column` are 1-based when known.
    case script(path: String, line: Int?, column: Int?, message: String)
    /// The configured provider is not available in this build.
    case unavailable(provider: String, reason: String)
    /// The provider sent something that breaks its own wire format.
    case badResponse(provider: String, message: String)
    /// The provider reported an error inside a stream that had started (`event: error`, an `error` object).
    case provider(provider: String, type: String, message: String)
    /// The model's API key variable is unset or empty; raised before any request is made.
    case missingAPIKey(provider: String, variable: String, model: String)
    /// The endpoint answered with an HTTP error (after any retries). `remedy` says what to change;
    /// `message` is the provider's own explanation, when it gave one.
    case http(status: Int, endpoint: String, remedy: String, message: String)
    /// The endpoint could not be reached (DNS, refused, TLS, connect timeout), after any retries.
    case connection(endpoint: String, message: String)
    /// The endpoint went quiet (no bytes for the idle timeout) or the call exceeded its overall cap.
    case timeout(endpoint: String, message: String)
    /// The stream broke after output had been delivered; not retried, so no text is duplicated or billed twice.
    case interrupted(endpoint: String, message: String)

    public var description: String {
        switch self {
        case .script(let path, let line?, let column?, let message): "\(path):\(line):\(column): \(message)"
        case .script(let path, _, _, let message): "\(path): \(message)"
        case .unavailable(let provider, let reason): "model provider '\(provider)' is unavailable: \(reason)"
        case .badResponse(let provider, let message): "\(provider) sent an invalid response: \(message)"
        case .provider(let provider, let type, let message): "\(provider) reported \(type): \(message)"
        case .missingAPIKey(let provider, let variable, let model):
            "\(provider) model '\(model)' needs an API key: set \(variable) in the environment "
                + "(or name another variable with `api_key_env` in fleet.yaml)"
        case .http(let status, let endpoint, let remedy, let message):
            message.isEmpty
                ? "\(status) from \(endpoint): \(remedy)" : "\(status) from \(endpoint): \(remedy) (\(message))"
        case .connection(let endpoint, let message):
            "cannot reach \(endpoint): \(message); check `base_url` in fleet.yaml and the network"
        case .timeout(let endpoint, let message): "\(endpoint) timed out: \(message)"
        case .interrupted(let endpoint, let message):
            "the stream from \(endpoint) broke after output began (not retried, so nothing is duplicated): \(message)"
        }
    }
}
