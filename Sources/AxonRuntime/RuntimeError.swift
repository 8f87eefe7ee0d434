public import AxonConfig
public import AxonControl
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
    /// The request was cancelled while it waited for its turn: it never ran and left nothing in the trace.
    case cancelled
    /// `axon run NAME` found no script NAME.
    case noSuchScript(String, available: [String])
    /// `axon run NAME` found several files for NAME.
    case ambiguousScript(String, candidates: [String])
    /// The script could not be started.
    case scriptFailed(path: String, reason: String)
    /// The session's control socket could not be opened.
    case control(ControlError)

    /// True when the user's input or configuration is at fault (exit code 2).
    public var isUsageError: Bool {
        switch self {
        case .noSuchRepo, .config, .unknownAgent, .unknownModel, .noSuchScript, .ambiguousScript: true
        case .model(.script), .model(.missingAPIKey), .threads(.invalidName), .threads(.notFound): true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .noSuchRepo(let path): "no such repo directory: \(path)"
        case .config(let error): error.description
        case .unknownAgent(let name, let known):
            "unknown agent '\(name)'\(Suggestion.hint(for: name.rawValue, in: known.map(\.rawValue))); fleet.yaml "
                + "defines: \(known.map(\.rawValue).joined(separator: ", "))"
        case .unknownModel(let key, let known):
            "unknown model '\(key)'\(Suggestion.hint(for: key, in: known)); fleet.yaml defines: "
                + known.sorted().joined(separator: ", ")
        case .model(let error): error.description
        case .trace(let error): error.description
        case .threads(let error): error.description
        case .refusing(let reason): "the session refuses new requests: \(reason)"
        case .cancelled: "the request was cancelled before it started"
        case .noSuchScript(let name, let available):
            "no script '\(name)'\(Suggestion.hint(for: name, in: available)) in src/scripts/ or .agents/scripts/; "
                + (available.isEmpty
                    ? "there are none yet: add an executable file src/scripts/\(name).sh"
                    : "available: \(available.joined(separator: ", "))")
        case .ambiguousScript(let name, let candidates):
            "script '\(name)' is ambiguous: \(candidates.joined(separator: ", ")); rename or remove all but one"
        case .scriptFailed(let path, let reason): "cannot start script \(path): \(reason); check it is a readable file"
        case .control(let error): error.description
        }
    }
}
