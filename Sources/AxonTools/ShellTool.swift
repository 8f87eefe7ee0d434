import AxonConfig
import AxonCore
import AxonPolicy
import AxonProcess
import Foundation

/// run_shell: `/bin/sh -c COMMAND` in the repo root, sandboxed when bwrap works (docs/policy.md).
enum ShellTool {
    static let name = "run_shell"
    static let defaultTimeout = 30
    static let maxTimeout = 600

    static let runShell = Tool.builtin(
        name: name,
        description: """
            Run a shell command (/bin/sh -c) in the repository root. Output (stdout and stderr merged) is \
            capped at 64 KiB. `timeout` is in seconds (default 30, at most 600); at the timeout the command's \
            whole process group is killed. The first line of the result says the exit code and the sandbox.
            """,
        schema: Tool.schema(
            [
                ("command", "string", "The shell command."),
                ("timeout", "integer", "Seconds before the command is killed (default 30, max 600)."),
            ], required: ["command"])
    ) { (args: ToolArguments, box: ToolBox) async throws(ToolFailure) -> String in
        #if os(Linux)
            let seconds = min(max(args.optionalInt("timeout") ?? defaultTimeout, 1), maxTimeout)
            var argv = ["/bin/sh", "-c", args.string("command")]
            let sandbox: String
            switch await box.sandbox.availability() {
            case .bwrap(let path):
                argv =
                    [path]
                    + Sandbox.arguments(
                        policy: box.policy, network: box.agent.policy.network, trust: box.agent.tools.trust) + argv
                sandbox = "sandbox: bwrap" + (box.agent.policy.network ? "" : ", no network")
            case .unavailable(let reason):
                sandbox = "sandbox: NONE (\(reason)); the command ran unconfined"
                if box.firstFallbackNotice("run_shell") {
                    box.warn("axon: run_shell is not sandboxed: \(reason); commands run with your permissions")
                }
            }
            let result: CapturedRun
            do throws(ProcessError) {
                result = try await ChildProcess.run(
                    ProcessSpec(
                        argv, directory: box.policy.root, environment: box.environment(thread: args.thread),
                        group: ProcessSpec.toolGroup),
                    stdoutCap: OutputCap.bytes, timeout: .seconds(seconds))
            } catch {
                throw ToolFailure(error.description)
            }
            let code = result.termination.code
            var header = result.timedOut ? "[timed out after \(seconds)s, killed" : "[exit \(code)"
            header += "; \(sandbox)]"
            var output = result.output
            if result.droppedStdoutBytes > 0 {
                output += "\n[truncated: \(result.droppedStdoutBytes) more bytes not shown]"
            }
            if result.timedOut || code != 0 { throw ToolFailure(header + "\n" + output) }
            return header + "\n" + output
        #else
            throw ToolFailure("run_shell needs Linux")
        #endif
    }
}
