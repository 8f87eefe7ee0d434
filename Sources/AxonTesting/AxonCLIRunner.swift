import AxonCore
import Foundation

/// What one run of the `axon` binary did.
public struct CLIResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs the built `axon` binary as a user would, capturing its output and exit code.
///
/// The binary is `$AXON_BINARY`, else `axon` next to the running test bundle (SwiftPM builds both into the same
/// directory).
public struct AxonCLIRunner: Sendable {
    public let binary: String

    public init(binary: String? = nil) {
        if let binary {
            self.binary = binary
        } else if let env = ProcessInfo.processInfo.environment["AXON_BINARY"] {
            self.binary = env
        } else {
            let exe =
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments[0]
            var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
            // Inside `X.xctest/…` bundles (macOS layout) climb out of the bundle.
            while dir.path.contains(".xctest") { dir = dir.deletingLastPathComponent() }
            self.binary = dir.appendingPathComponent("axon").path
        }
    }

    /// The environment an `axon` under test gets: this process's minus API keys and `AXON_*` (a developer's
    /// real keys and sessions never reach a test), then `overrides`.
    public static func childEnvironment(_ overrides: [String: String]) -> [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasSuffix("_API_KEY") && !$0.key.hasPrefix("AXON_") }
            .merging(overrides) { _, new in new }
    }

    /// Runs `axon ARGS` in `cwd` and waits on a thread of its own: waiting for the process must not block the
    /// cooperative pool (2 threads on 2 cores), which serves every other test running beside this one and any
    /// in-process `FakeModelServer` the binary talks to. `environment` replaces the inherited one minus API
    /// keys, so a developer's real keys never reach a test; `stdin` is fed and closed (nil = /dev/null).
    /// `executable` runs another program instead (a wrapper such as `setpriv` that then runs `binary`).
    public func run(
        _ arguments: [String], cwd: String, environment: [String: String] = [:], stdin: String? = nil,
        timeout: Duration = .seconds(60), executable: String? = nil
    ) async throws -> CLIResult {
        try await BlockingWork.run(name: "axon-cli-run") {
            Result {
                try runBlocking(
                    arguments, cwd: cwd, environment: environment, stdin: stdin, timeout: timeout,
                    executable: executable)
            }
        }.get()
    }

    private func runBlocking(
        _ arguments: [String], cwd: String, environment: [String: String] = [:], stdin: String? = nil,
        timeout: Duration = .seconds(60), executable: String? = nil
    ) throws -> CLIResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
        process.environment = Self.childEnvironment(environment)

        let dir = try TemporaryWorkspace(prefix: "axon-cli")
        defer { dir.remove() }
        let outPath = dir.path + "/stdout", errPath = dir.path + "/stderr"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                break
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        return CLIResult(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: URL(fileURLWithPath: outPath)), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: URL(fileURLWithPath: errPath)), as: UTF8.self))
    }
}
