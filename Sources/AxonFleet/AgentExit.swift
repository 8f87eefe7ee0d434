public import AxonProcess

/// How one run of an agent instance ended, as the restart policy sees it.
public enum AgentExit: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)
    /// The program could not be started at all: a spawn error, or exit 126/127 — the shell's "cannot execute"
    /// and "not found", which the agent (or its script's `#!` line) returns when a program or interpreter is
    /// missing or not executable. Retrying would fail the same way, so it is a state, never a hot loop.
    case execFailed(String)

    /// The exit codes that mean a program could not be started (POSIX shells and `axon agent` alike).
    public static let execFailureCodes: Set<Int32> = [126, 127]

    /// How the supervisor classifies a termination of its agent process.
    public init(_ termination: Termination) {
        switch termination {
        case .exited(let code) where Self.execFailureCodes.contains(code):
            self = .execFailed(
                code == 127
                    ? "exit 127: a program or its interpreter was not found"
                    : "exit 126: a program could not be executed, or the working directory is missing")
        case .exited(let code): self = .exited(code)
        case .signaled(let signal): self = .signaled(signal)
        }
    }

    /// Exit 0: the run did what it was for.
    public var isSuccess: Bool { self == .exited(0) }

    /// `exited 1`, `killed by SIGKILL`, `exec failed: …`.
    public var description: String {
        switch self {
        case .exited(let code): "exited \(code)"
        case .signaled(let signal): "killed by \(SignalName.of(signal))"
        case .execFailed(let reason): "exec failed: \(reason)"
        }
    }
}

/// Signal names for messages (`SIGTERM`, not 15).
enum SignalName {
    static func of(_ signal: Int32) -> String {
        let names: [Int32: String] = [
            1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL",
            11: "SIGSEGV", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM",
        ]
        return names[signal] ?? "signal \(signal)"
    }
}
