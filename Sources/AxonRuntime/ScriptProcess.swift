import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A script's process: spawned in its own process group with the caller's stdio, waited for on a thread of its
/// own (never in the cooperative pool). Only the script itself is waited for: children it leaves in the
/// background do not keep its session alive.
final class ScriptProcess: Sendable {
    let pid: pid_t
    /// Set once the script has been reaped: its pid (and group id) may then belong to someone else.
    private let exited = Mutex(false)
    /// True when the script's group was given the terminal's foreground.
    private let terminal = Mutex(false)

    /// Spawns `argv` with `environment` in `cwd`. SIGINT, SIGTERM and SIGPIPE are reset to their defaults.
    init(argv: [String], environment: [String: String], cwd: String) throws(RuntimeError) {
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGPIPE, SIGQUIT, SIGTTIN, SIGTTOU] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(
            &attr, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The child starts in `cwd` through a `cd && exec` trampoline (`addchdir_np` is a GNU extension Swift's
        // Glibc module does not export); exec keeps the pid, so the script is what is waited for and signalled.
        let full = ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", cwd] + argv
        let cArgs = full.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, full[0], &actions, &attr, cArgs, cEnv)
        guard rc == 0 else { throw .scriptFailed(path: argv[0], reason: String(cString: strerror(rc))) }
        self.pid = pid
        takeTerminal()
    }

    /// When axon owns the terminal, the script's process group gets it for the script's lifetime: the script
    /// may read the terminal, and Ctrl-C goes to the script (and the `axon request` it runs, which cancels its
    /// request) instead of stopping it with SIGTTIN in a background group.
    private func takeTerminal() {
        guard isatty(STDIN_FILENO) == 1, tcgetpgrp(STDIN_FILENO) == getpgrp() else { return }
        Glibc.signal(SIGTTOU, SIG_IGN)
        _ = tcsetpgrp(STDIN_FILENO, pid)
        terminal.withLock { $0 = true }
        // The script may have touched the terminal before it was given it, and been stopped (SIGTTIN): resume it.
        kill(-pid, SIGCONT)
    }

    /// Gives the terminal back to axon's process group (after the script exits).
    func returnTerminal() {
        guard terminal.withLock({ $0 }) else { return }
        _ = tcsetpgrp(STDIN_FILENO, getpgrp())
    }

    /// Waits for the script to exit; returns its exit code (128+n when a signal killed it) and the signal.
    func wait() async -> (code: Int32, signal: Int32?) {
        let pid = pid
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 {
                    if errno != EINTR {
                        continuation.resume(returning: (1, nil))
                        return
                    }
                }
                let signal = status & 0x7f
                continuation.resume(returning: signal == 0 ? ((status >> 8) & 0xff, nil) : (128 + signal, signal))
            }
            thread.name = "axon-script-wait"
            thread.start()
        }
    }

    /// Sends `signal` to the script's whole process group (while the script has not been reaped).
    func signal(_ signal: Int32) {
        exited.withLock { done in
            if !done { kill(-pid, signal) }
        }
    }

    func markExited() {
        exited.withLock { $0 = true }
    }
}
