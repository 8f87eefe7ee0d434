import AxonCore
import AxonTesting
import Foundation
import Testing

/// What an interrupted `axon` left behind.
struct Interrupted {
    var status: Int32
    var lines: [JSONValue]
}

/// Starts `axon ARGS` in `ws` (with `stdin` written to it, if given), waits until its session has started plus
/// `settle` for its request to get going, sends `signal`, and waits for it to exit — on a thread of its own, so
/// the waiting never holds one of the cooperative pool's two threads the tests beside this one need.
func interrupt(
    _ cli: AxonCLIRunner, _ arguments: [String], in ws: TemporaryWorkspace, with signal: Int32,
    environment: [String: String] = [:], stdin: String? = nil, settle: useconds_t = 1_000_000
) async throws -> Interrupted {
    let status = try await BlockingWork.run(name: "axon-test-interrupt") {
        Result {
            try interruptBlocking(
                cli, arguments, in: ws, with: signal, environment: environment, stdin: stdin, settle: settle)
        }
    }.get()
    let lines = try TraceLines.read(try #require(ws.traceFiles().first))
    return Interrupted(status: status, lines: lines)
}

private func interruptBlocking(
    _ cli: AxonCLIRunner, _ arguments: [String], in ws: TemporaryWorkspace, with signal: Int32,
    environment: [String: String], stdin: String?, settle: useconds_t
) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: cli.binary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: ws.path)
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    let input = Pipe()
    if stdin != nil { process.standardInput = input }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    // request.start is durable only at request end: wait for the session, then for the turn to begin.
    let started = Result { try waitForTraceBlocking(ws, containing: "session.start") }
    usleep(settle)
    kill(process.processIdentifier, signal)
    process.waitUntilExit()
    try started.get()
    return process.terminationStatus
}

/// Waits (up to 20 s) until the workspace's first trace has a line of `type`.
func waitForTrace(_ ws: TemporaryWorkspace, containing type: String) async throws {
    try await BlockingWork.run(name: "axon-test-trace") { Result { try waitForTraceBlocking(ws, containing: type) } }
        .get()
}

private func waitForTraceBlocking(_ ws: TemporaryWorkspace, containing type: String) throws {
    let deadline = ContinuousClock.now + .seconds(20)
    while ContinuousClock.now < deadline {
        if let file = ws.traceFiles().first, let text = try? String(contentsOfFile: file, encoding: .utf8),
            text.contains("\"\(type)\"")
        {
            return
        }
        usleep(20_000)
    }
    throw NoTraceLine(type: type)
}

/// No line of `type` reached the trace in time.
struct NoTraceLine: Error, CustomStringConvertible {
    var type: String
    var description: String { "no \(type) in the trace" }
}

/// The trace of a session a signal ended: its request cancelled, then `session.end` with reason `signal`.
func expectEndedBySignal(_ lines: [JSONValue], sourceLocation: SourceLocation = #_sourceLocation) {
    let last = Array(lines.suffix(2))
    #expect(last.first?["type"]?.stringValue == "request.end", sourceLocation: sourceLocation)
    #expect(last.first?["status"]?.stringValue == "cancelled", sourceLocation: sourceLocation)
    #expect(last.last?["type"]?.stringValue == "session.end", sourceLocation: sourceLocation)
    #expect(last.last?["reason"]?.stringValue == "signal", sourceLocation: sourceLocation)
}
