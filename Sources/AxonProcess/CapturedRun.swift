/// Where a captured run's stderr goes.
public enum StderrCapture: Sendable, Equatable {
    /// Into the same pipe as stdout, interleaved as written (run_shell).
    case merged
    /// A pipe of its own; its last `bytes` are kept (an executable tool's error result shows stderr's tail).
    case tail(bytes: Int)
    case discard
}

/// What a captured run produced.
public struct CapturedRun: Sendable, Equatable {
    public var termination: Termination = .exited(0)
    /// True when the timeout fired (the group was then killed).
    public var timedOut = false
    /// stdout's first bytes, up to the cap (stdout and stderr when merged).
    public var stdout: [UInt8] = []
    /// Bytes read past the cap and not kept.
    public var droppedStdoutBytes = 0
    /// stderr's last bytes (with `.tail`).
    public var stderrTail: [UInt8] = []
    /// Bytes of stderr before the kept tail.
    public var droppedStderrBytes = 0

    public init() {}

    /// stdout as text (invalid UTF-8 repaired).
    public var output: String { String(decoding: stdout, as: UTF8.self) }
    /// stderr's tail as text.
    public var errorTail: String { String(decoding: stderrTail, as: UTF8.self) }
}
