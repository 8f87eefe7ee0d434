#if os(Linux)
    import AxonCore
    import Foundation
    import Synchronization

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #endif

    /// The one place an MCP server process is created: posix_spawn with three pipes, its own session (so its own
    /// process group, and no controlling terminal: a Ctrl-C at the terminal never reaches it and it cannot grab
    /// the tty), cwd = the repo root, exactly the given environment, default signal dispositions. This is the
    /// narrow seam the project's unified spawning facility replaces at merge.
    ///
    /// Not swift-subprocess: its execution handle lives only inside `run { }`, while an MCP server must outlive
    /// any one call and hand raw pipe ends to the MCP transport; posix_spawn gives the pid (for group signals
    /// from anywhere) and the fds directly.
    ///
    /// A dedicated thread waits for the leader (`waitid` with `WNOWAIT`, so the zombie still pins the pid and the
    /// process-group id), SIGKILLs what is left of its group, then reaps it. Signals go only through
    /// `signalGroup`, which refuses once the leader has exited, so a recycled pid is never hit.
    final class ServerProcess: Sendable {
        let pid: pid_t
        /// Our ends of the server's stdin (write), stdout and stderr (read). The transport owns and closes them.
        let stdinFD: Int32
        let stdoutFD: Int32
        let stderrFD: Int32
        private let state = Mutex(ExitState())

        private struct ExitState {
            var exited = false
            /// The exit code; 128 + N when killed by signal N.
            var status: Int32?
        }

        /// Why a spawn failed, for the server's status line.
        struct SpawnError: Error, Sendable, Equatable, CustomStringConvertible {
            var description: String
        }

        private init(pid: pid_t, stdinFD: Int32, stdoutFD: Int32, stderrFD: Int32) {
            self.pid = pid
            self.stdinFD = stdinFD
            self.stdoutFD = stdoutFD
            self.stderrFD = stderrFD
        }

        /// Starts `command` (a name looked up on the child's `PATH`, or a path; relative paths resolve against
        /// `directory`). `onExit` runs once, on the waiter thread, with the pid and the exit code once the group is gone.
        static func spawn(
            command: String, arguments: [String], environment: [String: String], directory: String,
            onExit: @escaping @Sendable (_ pid: Int32, _ status: Int32) -> Void
        ) throws(SpawnError) -> ServerProcess {
            _ = ignoreSIGPIPE
            guard let executable = resolve(command, path: environment["PATH"], directory: directory) else {
                throw SpawnError(description: "command not found: \(command)")
            }
            guard let stdin = makePipe(), let stdout = makePipe(), let stderr = makePipe() else {
                throw SpawnError(description: "cannot create pipes: \(String(cString: strerror(errno)))")
            }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_adddup2(&actions, stdin.read, 0)
            posix_spawn_file_actions_adddup2(&actions, stdout.write, 1)
            posix_spawn_file_actions_adddup2(&actions, stderr.write, 2)
            if let addChdir = Libc.addChdir { _ = addChdir(&actions, directory) }
            // Only stdin, stdout and stderr cross over: a server that inherited, say, a listening socket of the
            // session would keep its port open after the session closed it.
            if let addCloseFrom = Libc.addCloseFrom { _ = addCloseFrom(&actions, 3) }
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var noSignals = sigset_t()
            sigemptyset(&noSignals)
            posix_spawnattr_setsigmask(&attributes, &noSignals)
            var defaults = sigset_t()
            sigemptyset(&defaults)
            for signal in [SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP] { sigaddset(&defaults, signal) }
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            posix_spawnattr_setflags(
                &attributes, Int16(setSID | Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)))

            let argv = [command] + arguments
            let cArgs = argv.map { strdup($0) } + [nil]
            let cEnv = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer {
                for p in cArgs { free(p) }
                for p in cEnv { free(p) }
            }
            var pid: pid_t = 0
            let spawned = posix_spawn(&pid, executable, &actions, &attributes, cArgs, cEnv)
            // The child holds its own copies; ours must go, or we would never see EOF on its stdout.
            for fd in [stdin.read, stdout.write, stderr.write] { close(fd) }
            guard spawned == 0 else {
                for fd in [stdin.write, stdout.read, stderr.read] { close(fd) }
                throw SpawnError(description: "cannot start \(command): \(String(cString: strerror(spawned)))")
            }
            let process = ServerProcess(pid: pid, stdinFD: stdin.write, stdoutFD: stdout.read, stderrFD: stderr.read)
            NamedThread.start("axon-mcp-wait") { process.waitAndReap(onExit: onExit) }
            return process
        }

        /// Sends `signal` to the server's whole process group; false once the leader has exited (the group was
        /// killed with it) — never a signal to a pid that could have been recycled.
        @discardableResult
        func signalGroup(_ signal: Int32) -> Bool {
            state.withLock { s in
                guard !s.exited else { return false }
                return killpg(pid, signal) == 0
            }
        }

        var hasExited: Bool { state.withLock { $0.status != nil } }
        var exitStatus: Int32? { state.withLock { $0.status } }

        /// Waits (without blocking a thread) until the server has been reaped, at most `limit`.
        func waitForExit(within limit: Duration) async -> Bool {
            let deadline = ContinuousClock.now + limit
            while !hasExited {
                guard ContinuousClock.now < deadline else { return false }
                try? await Task.sleep(for: .milliseconds(10))
            }
            return true
        }

        /// Waits until no process of the group is alive, at most `limit`. The leader's exit SIGKILLs the rest of
        /// the group at once, but they take a moment to die, and their zombies linger until init reaps them
        /// (about once a second here), so "alive" means a `/proc` entry in this group that is not a zombie.
        func waitForGroupGone(within limit: Duration) async -> Bool {
            let deadline = ContinuousClock.now + limit
            while !Self.liveMembers(ofGroup: pid).isEmpty {
                guard ContinuousClock.now < deadline else { return false }
                try? await Task.sleep(for: .milliseconds(10))
            }
            return true
        }

        /// The processes of group `pgid` that are not zombies (from `/proc/PID/stat`: state, pgrp).
        static func liveMembers(ofGroup pgid: pid_t) -> [pid_t] {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
            return names.compactMap { name -> pid_t? in
                guard let pid = pid_t(name), let data = FileManager.default.contents(atPath: "/proc/\(name)/stat")
                else { return nil }
                let text = String(decoding: data, as: UTF8.self)
                // The command (field 2) is in parentheses and may hold spaces: fields after its last ')'.
                guard let close = text.lastIndex(of: ")") else { return nil }
                let fields = text[text.index(after: close)...].split(separator: " ")
                guard fields.count > 2, fields[0] != "Z", pid_t(fields[2]) == pgid else { return nil }
                return pid
            }
        }

        /// On the dedicated thread: wait for the leader without reaping it, kill what remains of its group while
        /// the zombie still pins the group id, then reap.
        private func waitAndReap(onExit: @Sendable (_ pid: Int32, _ status: Int32) -> Void) {
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0, errno == EINTR {}
            state.withLock { s in
                s.exited = true
                killpg(pid, SIGKILL)
            }
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0, errno == EINTR {}
            let code: Int32 = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
            state.withLock { $0.status = code }
            onExit(pid, code)
        }

        /// glibc's `POSIX_SPAWN_SETSID` (spawn.h; not imported into Swift): the child calls `setsid()`.
        private static let setSID: Int32 = 0x80

        /// A server that stops reading its stdin must not kill the session with SIGPIPE: writes get EPIPE instead.
        /// (The axon binary ignores SIGPIPE at start; this covers tests, the bench and other embedders.)
        private static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

        private static func makePipe() -> (read: Int32, write: Int32)? {
            var fds: [Int32] = [0, 0]
            if let pipe2 = Libc.pipe2 {
                guard pipe2(&fds, O_CLOEXEC) == 0 else { return nil }
            } else {
                guard pipe(&fds) == 0 else { return nil }
                _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
                _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            }
            return (fds[0], fds[1])
        }

        /// `command` as an absolute path, looked up on `path` (the child's PATH) when it has no slash.
        static func resolve(_ command: String, path: String?, directory: String) -> String? {
            if command.contains("/") {
                let full = command.hasPrefix("/") ? command : directory + "/" + command
                return access(full, X_OK) == 0 ? full : nil
            }
            for dir in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
                let full = (dir.hasPrefix("/") ? String(dir) : directory + "/" + dir) + "/" + command
                var info = stat()
                if stat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, access(full, X_OK) == 0 {
                    return full
                }
            }
            return nil
        }
    }

    /// glibc functions Swift does not import (they need `_GNU_SOURCE`), looked up once at run time.
    private enum Libc {
        typealias AddChdir =
            @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>)
            -> Int32
        typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

        /// `posix_spawn_file_actions_addchdir_np` (glibc ≥ 2.29): the child's cwd without a shell wrapper.
        static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
        /// `posix_spawn_file_actions_addclosefrom_np` (glibc ≥ 2.34): close every fd ≥ 3 in the child, also those
        /// opened without close-on-exec by code we do not control.
        static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
        /// `pipe2`, so the pipe is close-on-exec from birth and no concurrent spawn elsewhere inherits it (which
        /// would keep the server's stdin open past our close).
        static let pipe2: Pipe2? = symbol("pipe2")

        private static func symbol<T>(_ name: String) -> T? {
            guard let raw = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
            return unsafeBitCast(raw, to: T.self)
        }
    }
#endif
