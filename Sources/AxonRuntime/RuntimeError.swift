public import AxonConfig
public import AxonCore
public import AxonModels
public import AxonThreads
public import AxonTrace

/// Why a session or a request failed. Configuration problems exit 2; the rest exit 1.
public enum RuntimeError: Error, Sendable, CustomStringConvertible {
    case noSuchRepo(path: String)
    case config(ConfigError)
    case unknownAgent(AgentName, known: [AgentName])
    case unknownModel(String, known: [String])
    case model(ModelError)
    case trace(TraceError)
    case threads(ThreadsError)
    /// The session stopped accepting requests (for example after the disk filled up).
    case refusing(reason: String)

    /// True when the user's input or configuration is at fault (exit code 2).
    public var isUsageError: Bool {
        switch self {
        case .noSuchRepo, .config, .unknownAgent, .unknownModel: true
        case .model(.script), .model(.missingAPIKey), .threads(.invalidName), .threads(.notFound): true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .noSuchRepo(let path): "no such repo directory: \(path)"
        case .config(let error): error.description
        case .unknownAgent(let name, let known):
            "unknown agent '\(name)'; fleet.yaml defines: \(known.map(\.rawValue).joined(separator: ", "))"
        case .unknownModel(let key, let known):
            "unknown model '\(key)'; fleet.yaml defines: \(known.sorted().joined(separator: ", "))"
        case .model(let error): error.description
        case .trace(let error): error.description
        case .threads(let error): error.description
        case .refusing(let reason): "the session refuses new requests: \(reason)"
        }
    }
}
