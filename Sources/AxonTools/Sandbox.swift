import AxonConfig
import AxonPolicy
import AxonProcess
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Whether tool processes run inside bwrap.
public enum SandboxMode: Sendable, Equatable {
    /// bwrap when it is installed and can create namespaces here; else the visible fallback.
    case auto
    /// Never sandbox (the fallback, announced like an absent bwrap).
    case none
}

/// The OS sandbox for run_shell (docs/policy.md): bubblewrap with the repo read-only except the existing base
/// directories of the `write` globs, the rest of the file system read-only, a private /tmp, no network unless
/// `policy.network`, its own pid namespace, and `--die-with-parent`.
struct Sandbox: Sendable {
    let mode: SandboxMode

    enum Availability: Sendable, Equatable {
        case bwrap(path: String)
        case unavailable(reason: String)
    }

    /// Probed once per process, with the mounts and namespaces a real run uses: is there a bwrap that works here?
    private static let probed = Mutex<Availability?>(nil)

    func availability() async -> Availability {
        guard mode == .auto else { return .unavailable(reason: "sandboxing is turned off") }
        if let known = Self.probed.withLock({ $0 }) { return known }
        let found = await Self.probe()
        Self.probed.withLock { $0 = found }
        return found
    }

    private static func probe() async -> Availability {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { String($0) + "/bwrap" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else { return .unavailable(reason: "bwrap is not installed (Debian package bubblewrap)") }
        #if os(Linux)
            let check = try? await ChildProcess.run(
                ProcessSpec(
                    [
                        path, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
                        "--unshare-net", "--unshare-pid", "--die-with-parent", "/bin/true",
                    ], directory: "/", environment: ["PATH": "/usr/bin:/bin"]),
                stdoutCap: 4096, timeout: .seconds(10))
            guard let check, check.termination == .exited(0) else {
                let why = check?.output.trimmingCharacters(in: .whitespacesAndNewlines) ?? "it did not start"
                return .unavailable(reason: "bwrap cannot create namespaces here (\(why))")
            }
            return .bwrap(path: path)
        #else
            return .unavailable(reason: "bwrap needs Linux")
        #endif
    }

    /// bwrap's arguments for running `command` under `policy` (everything before `/bin/sh -c COMMAND`).
    /// Under `trust: review` the tool directories stay read-only even with `create_tools: true`: an agent
    /// writes tools only through write_file/edit_file, which record it as the author.
    static func arguments(policy: PathPolicy, network: Bool, trust: ToolsSpec.Trust) -> [String] {
        let root = policy.root
        var args = [
            "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--ro-bind", root, root,
        ]
        let writable = writableBases(policy)
        for base in writable { args += ["--bind", base, base] }
        // Re-protect what no write glob may open up, in case a base contains it.
        var protected = [root + "/.git"]
        if !policy.spec.createTools || trust == .review {
            protected += PathPolicy.toolDirectories.map { root + "/" + $0 }
        }
        // The provenance record must exist to be mounted read-only: an open base could otherwise create a
        // forged one (with `approve` lines) where there was none.
        let ledger = root + "/" + PathPolicy.provenanceFile
        if writable.contains(where: { ledger == $0 || ledger.hasPrefix($0 + "/") }) {
            let fd = open(ledger, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
            if fd >= 0 { close(fd) }
            protected.append(ledger)
        }
        for path in protected where FileManager.default.fileExists(atPath: path) {
            args += ["--ro-bind", path, path]
        }
        // Hide what deny globs cover: an empty read-only directory or /dev/null in its place.
        let hiddenBases = bases(of: policy.spec.deny, policy, coveredOnly: true)
        for hidden in hiddenBases + denyMatches(policy, skipping: hiddenBases) {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: hidden, isDirectory: &isDirectory)
            args +=
                isDirectory.boolValue
                ? ["--tmpfs", hidden, "--remount-ro", hidden] : ["--ro-bind", "/dev/null", hidden]
        }
        if !network { args.append("--unshare-net") }
        // --new-session: the tool runs in axon's session (see `ProcessSpec.toolGroup`), so inside the sandbox it
        // must lose the terminal, or it could push keystrokes into the user's shell (TIOCSTI, CVE-2017-5226).
        args += ["--unshare-pid", "--die-with-parent", "--new-session", "--chdir", root]
        return args
    }

    /// The existing directories (or files) named by the literal leading segments of each anchored `write`
    /// glob (`data/**` → `data`, `src/tools/*.sh` → `src/tools`), resolved and confined to the repo.
    /// Unanchored globs (`*.md`) open nothing in the sandbox.
    static func writableBases(_ policy: PathPolicy) -> [String] { bases(of: policy.spec.write, policy) }

    /// The existing paths named by the literal leading segments of each anchored glob, resolved and confined to
    /// the repo (never in `.git`). With `coveredOnly` (for deny globs) only globs that cover their whole base
    /// count (`secrets/**`, `secrets/`, `config/prod.env`, not `data/*.key`), and never the repo root.
    static func bases(of globs: [String], _ policy: PathPolicy, coveredOnly: Bool = false) -> [String] {
        var bases: [String] = []
        for glob in globs {
            var body = Substring(glob)
            if body.hasSuffix("/") { body = body.dropLast() }
            let anchored = body.hasPrefix("/") || body.contains("/")
            guard anchored else { continue }
            if body.hasPrefix("/") { body = body.dropFirst() }
            let segments = body.split(separator: "/")
            let literal = segments.prefix { !$0.contains(where: { "*?[\\".contains($0) }) }
            if coveredOnly {
                let rest = segments.dropFirst(literal.count)
                guard !literal.isEmpty, rest.isEmpty || rest.elementsEqual(["**"]) else { continue }
            }
            guard let resolved = try? policy.resolve(literal.joined(separator: "/")),
                !resolved.relative.split(separator: "/").contains(".git"),
                FileManager.default.fileExists(atPath: resolved.absolute)
            else { continue }
            if !bases.contains(resolved.absolute) { bases.append(resolved.absolute) }
        }
        return bases
    }

    /// The existing files and directories that the deny globs match, found by walking the repo (not `.git`,
    /// `.axon` or git-ignored directories; git-ignored files such as `.env` are checked): what the anchored
    /// bases do not cover (`**/.env`, `data/*.key`); nothing under `hidden` (already hidden whole). At most 1000
    /// paths and 50 000 entries visited.
    static func denyMatches(_ policy: PathPolicy, skipping hidden: [String] = []) -> [String] {
        let globs = policy.spec.deny.map(Glob.init)
        guard !globs.isEmpty else { return [] }
        let ignored = DirectoryTools.gitignore(root: policy.root)
        var found: [String] = []
        var visited = 0
        var stack = [""]
        while let relative = stack.popLast(), found.count < 1000, visited < 50_000 {
            let absolute = relative.isEmpty ? policy.root : policy.root + "/" + relative
            for (name, isDir) in DirectoryTools.children(of: absolute) where name != ".git" && name != ".axon" {
                visited += 1
                let child = relative.isEmpty ? name : relative + "/" + name
                if hidden.contains(policy.root + "/" + child) { continue }
                if globs.contains(where: { $0.matches(child, isDirectory: isDir) }) {
                    found.append(policy.root + "/" + child)
                } else if isDir, !ignored.contains(where: { $0.matches(child, isDirectory: true) }) {
                    stack.append(child)
                }
            }
        }
        return found
    }
}
