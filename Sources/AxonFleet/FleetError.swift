/// Why a fleet could not start. Only the CLI prints and exits (2 for `alreadyRunning`, 1 for the rest).
public enum FleetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another supervisor holds the repo's lock.
    case alreadyRunning(pid: Int32?, lock: String)
    case io(path: String, operation: String, reason: String)

    public var description: String {
        switch self {
        case .alreadyRunning(let pid, let lock):
            "a fleet is already running in this repo (supervisor pid \(pid.map(String.init) ?? "unknown"), "
                + "lock \(lock)): stop it first (axon down, Ctrl-C in its terminal, or kill -TERM \(pid.map(String.init) ?? "PID"))"
        case .io(let path, let operation, let reason): "\(operation) \(path): \(reason)"
        }
    }
}
