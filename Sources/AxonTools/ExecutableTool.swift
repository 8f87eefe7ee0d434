import AxonConfig
import AxonCore
import AxonPolicy
import AxonProcess

/// An executable tool: a file in `src/tools/` or `.agents/tools/` with a manifest, run as a process per call.
///
/// The run (docs/tools.md): cwd = the repo root; the arguments as one line of JSON on stdin; the file itself
/// when it is executable, else the interpreter of its `#!` line; its own session and process group inside
/// the agent's sandbox (the run_shell rules); killed with its group at the manifest's `timeout`; stdout capped
/// at 64 KiB while still drained; exit ≠ 0 is an error result with stderr's tail; the environment is the
/// session's (secrets removed) plus `AXON_THREAD`.
enum ExecutableTool {
    /// How much of stderr an error result shows (its end, where the reason usually is).
    static let stderrTail = 4096

    /// The tool for `manifest` of the file at `path` (absolute); `source` is its repo-relative path.
    static func make(_ manifest: ToolManifest, path: String, source: String) -> Tool {
        Tool(
            spec: ToolSpec(name: manifest.name, description: manifest.description, inputSchema: manifest.input),
            kind: .executable, source: source
        ) { (args: ToolArguments, box: ToolBox) async throws(ToolFailure) -> String in
            try await run(manifest, path: path, source: source, args: args, box: box)
        }
    }

    private static func run(
        _ manifest: ToolManifest, path: String, source: String, args: ToolArguments, box: ToolBox
    ) async throws(ToolFailure) -> String {
        #if os(Linux)
            let name = manifest.name
            let environment = box.environment(thread: args.thread)
            guard var argv = Executable.command(for: path) else {
                throw ToolFailure(
                    "cannot run \(name): \(source) is not executable and has no #! line; add one (#!/bin/sh)")
            }
            if let shebang = Executable.shebang(path),
                let missing = Executable.missingInterpreter(
                    shebang + [path], searchPath: environment["PATH"] ?? "/usr/bin:/bin")
            {
                throw ToolFailure("cannot run \(name): the interpreter on the #! line of \(source): \(missing)")
            }
            switch await box.sandbox.availability() {
            case .bwrap(let bwrap):
                argv =
                    [bwrap]
                    + Sandbox.arguments(
                        policy: box.policy, network: box.agent.policy.network, trust: box.agent.tools.trust) + argv
            case .unavailable(let reason):
                if box.firstFallbackNotice("executable") {
                    box.warn("axon: executable tools are not sandboxed: \(reason); they run with your permissions")
                }
            }
            let input = Array((JSONValue.object(args.values).serialized() + "\n").utf8)
            let result: CapturedRun
            do throws(ProcessError) {
                result = try await ChildProcess.run(
                    ProcessSpec(
                        argv, directory: box.policy.root, environment: environment, standardInput: .bytes(input),
                        group: ProcessSpec.toolGroup),
                    stdoutCap: OutputCap.bytes, stderr: .tail(bytes: stderrTail), timeout: manifest.timeout)
            } catch {
                throw ToolFailure("cannot run \(name): \(error.description)")
            }
            var output = result.output
            if result.droppedStdoutBytes > 0 {
                output += "\n[truncated: \(result.droppedStdoutBytes) more bytes not shown]"
            }
            if result.timedOut {
                let limit = ConfigDuration.format(manifest.timeout)
                throw ToolFailure("\(name) timed out after \(limit); its process group was killed" + tail(result))
            }
            guard result.termination == .exited(0) else {
                let how =
                    result.termination.signal.map { "was killed by signal \($0)" }
                    ?? "exited with status \(result.termination.code)"
                throw ToolFailure("\(name) \(how)" + tail(result))
            }
            return output
        #else
            throw ToolFailure("executable tools need Linux")
        #endif
    }

    /// `; stderr (last N bytes):\n…` or nothing when stderr was empty.
    private static func tail(_ result: CapturedRun) -> String {
        let text = result.errorTail
        guard !text.isEmpty else { return "; stderr was empty" }
        let cut = result.droppedStderrBytes > 0 ? " (last \(result.stderrTail.count) bytes)" : ""
        return "; stderr\(cut):\n" + text
    }
}

extension ProcessSpec {
    /// How tool processes (executable tools, run_shell) are detached: their own process group in axon's
    /// session — enough to signal and kill everything they start. Not `setsid`: a new session costs 6–7 ms per
    /// spawn on a busy machine (the kernel gives each session its own scheduling autogroup), which was most of
    /// a trivial tool call (docs/benchmarks.md). A sandboxed tool still loses the terminal (bwrap
    /// `--new-session`).
    static let toolGroup = ProcessSpec.Group.newGroup(foreground: false)
}
