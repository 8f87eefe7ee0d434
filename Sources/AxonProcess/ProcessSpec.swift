/// What to run: argv, working directory, the exact environment, stdin and the process group.
///
/// The environment is given explicitly (nothing is inherited implicitly), so a caller that strips secrets
/// knows the child sees exactly what it passed.
public struct ProcessSpec: Sendable, Equatable {
    /// argv; `arguments[0]` is looked up on the child's own `PATH` when it has no `/`.
    public var arguments: [String]
    /// The child's working directory (it must exist; a missing one makes the child exit 126).
    public var directory: String
    /// Exactly the child's environment.
    public var environment: [String: String]
    public var standardInput: StandardInput
    public var group: Group
    /// Where stdout and stderr go for `ChildProcess.spawn` (`ChildProcess.run` captures them instead).
    public var output: Output
    /// A descriptor of the caller's the child gets as its fd 3 (a fleet agent's channel to its supervisor);
    /// every other descriptor above stderr is still closed in the child. The caller keeps its own copy open
    /// (close-on-exec is fine: the child's fd 3 is a duplicate) and closes it once the spawn returned.
    public var channel: Int32?

    /// The descriptor number `channel` has in the child.
    public static let channelDescriptor: Int32 = 3

    /// The child's standard input.
    public enum StandardInput: Sendable, Equatable {
        /// `/dev/null`: a read sees end of file at once.
        case null
        /// axon's own stdin (a script reads the terminal).
        case inherit
        /// These bytes through a pipe, then end of file. A child that exits without reading them is no error
        /// (the write's EPIPE is expected and swallowed).
        case bytes([UInt8])
    }

    /// The child's stdout and stderr.
    public enum Output: Sendable, Equatable {
        /// axon's own (a script on the caller's terminal).
        case inherit
        /// Both appended to the file at this path, created 0644 if missing (a fleet agent's log).
        case appendingTo(String)
    }

    /// How the child is detached from axon's process group, so its whole group can be signalled.
    public enum Group: Sendable, Equatable {
        /// `setsid()`: its own session and group, no controlling terminal (tools, shells, servers).
        case newSession
        /// Its own group in axon's session. With `foreground`, when axon owns the terminal the group is given
        /// the terminal's foreground (and SIGCONT) until `ChildProcess.returnTerminal()`: scripts read the
        /// terminal and get Ctrl-C.
        case newGroup(foreground: Bool)
    }

    public init(
        _ arguments: [String], directory: String, environment: [String: String],
        standardInput: StandardInput = .null, group: Group = .newSession, output: Output = .inherit,
        channel: Int32? = nil
    ) {
        self.output = output
        self.channel = channel
        self.arguments = arguments
        self.directory = directory
        self.environment = environment
        self.standardInput = standardInput
        self.group = group
    }
}

/// How a child ended.
public enum Termination: Sendable, Equatable {
    case exited(Int32)
    case signaled(Int32)

    /// The shell's convention: the exit code, or 128 + N when signal N killed it.
    public var code: Int32 {
        switch self {
        case .exited(let code): return code
        case .signaled(let signal): return 128 + signal
        }
    }

    /// The signal that killed the child, if one did.
    public var signal: Int32? {
        if case .signaled(let signal) = self { return signal }
        return nil
    }
}

/// A child that could not be started (the only thrown error: everything after the start is a `Termination`).
public struct ProcessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The program that did not start.
    public var program: String
    /// The OS's reason (`No such file or directory`, `Too many open files`, …).
    public var reason: String

    public init(program: String, reason: String) {
        self.program = program
        self.reason = reason
    }

    public var description: String { "cannot start \(program): \(reason)" }
}
