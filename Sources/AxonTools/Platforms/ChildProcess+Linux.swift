#if os(Linux)
    import Foundation
    import Synchronization

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #endif

    /// A tool process: spawned in its own session (so its own process group), stdout and stderr merged into one
    /// pipe that a dedicated thread drains (capped, but read to the end so the child never blocks on a full
    /// pipe), killed as a group at the timeout (SIGTERM, then SIGKILL after a grace period). Nothing here blocks
    /// the cooperative pool: the blocking reads and `waitid` run on the dedicated thread.
    enum ChildProcess {
        struct Result: Sendable {
            /// The exit code; 128 + N when killed by signal N.
            var status: Int32
            var output: String
            /// Bytes read past the cap and not kept.
            var droppedBytes: Int
            var timedOut: Bool
        }

        /// glibc's `POSIX_SPAWN_SETSID` (spawn.h; not imported into Swift): the child calls `setsid()`.
        static let spawnSetSID: Int32 = 0x80

        /// Runs `arguments` (argv[0] is an absolute path) in `directory` with exactly `environment`.
        static func run(
            _ arguments: [String], directory: String, environment: [String: String], timeout: Duration,
            cap: Int, grace: Duration = .seconds(2)
        ) async throws(ToolFailure) -> Result {
            // `sh -c 'cd DIR && exec "$@"'`: posix_spawn has no portable chdir action here.
            let argv = ["/bin/sh", "-c", "cd -- \"$0\" || exit 126; exec \"$@\"", directory] + arguments
            var fds: [Int32] = [0, 0]
            // pipe2(O_CLOEXEC) is not imported; a spawn racing between these lines could inherit the pipe,
            // which only delays EOF until that other child exits.
            guard pipe(&fds) == 0 else { throw ToolFailure("cannot create a pipe: \(errnoText())") }
            let (readEnd, writeEnd) = (fds[0], fds[1])
            _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
            posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
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
                &attributes, Int16(spawnSetSID | Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)))

            let cArgs = argv.map { strdup($0) } + [nil]
            let cEnv = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer {
                for p in cArgs { free(p) }
                for p in cEnv { free(p) }
            }
            var pid: pid_t = 0
            let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
            close(writeEnd)
            guard spawned == 0 else {
                close(readEnd)
                throw ToolFailure("cannot start \(arguments.first ?? "?"): \(String(cString: strerror(spawned)))")
            }
            let state = GroupBox()
            let child = pid
            let killer = Task {
                try await Task.sleep(for: timeout)
                state.lock.withLock { s in
                    s.timedOut = true
                    if !s.exited { killpg(child, SIGTERM) }
                }
                try await Task.sleep(for: grace)
                state.lock.withLock { s in if !s.exited { killpg(child, SIGKILL) } }
                // A process that left the group (its own setsid) may still hold the pipe: stop waiting for EOF.
                try await Task.sleep(for: grace)
                state.lock.withLock { $0.abandoned = true }
            }
            let result = await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Result, Never>) in
                    let thread = Thread {
                        continuation.resume(
                            returning: drainAndReap(pid: child, readEnd: readEnd, cap: cap, state: state))
                    }
                    thread.name = "axon-tool-\(child)"
                    thread.start()
                }
            } onCancel: {
                // A cancelled request (Ctrl-C) takes its command's whole group down with it.
                state.lock.withLock { s in if !s.exited { killpg(child, SIGKILL) } }
            }
            killer.cancel()
            return result
        }

        final class GroupBox: Sendable {
            let lock = Mutex(GroupState())
        }

        struct GroupState {
            /// Set (under the lock) once the leader has exited but before it is reaped, so its pid, which is
            /// also the group id, is never signalled after it could be reused.
            var exited = false
            var timedOut = false
            /// Set after the timeout's SIGKILL and a grace period: the reader stops waiting for EOF.
            var abandoned = false
        }

        /// On the dedicated thread: read the pipe to EOF (keeping `cap` bytes), wait for the leader without
        /// reaping it, kill stragglers of its group, reap.
        private static func drainAndReap(pid: pid_t, readEnd: Int32, cap: Int, state: GroupBox) -> Result {
            var kept: [UInt8] = []
            var dropped = 0
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            while true {
                var ready = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
                let polled = poll(&ready, 1, 250)
                if polled == 0 || (polled < 0 && errno == EINTR) {
                    if state.lock.withLock({ $0.abandoned }) { break }
                    continue
                }
                let n = buffer.withUnsafeMutableBytes { Glibc.read(readEnd, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                let room = max(0, cap - kept.count)
                kept.append(contentsOf: buffer[0..<min(n, room)])
                dropped += n - min(n, room)
            }
            close(readEnd)
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0, errno == EINTR {}
            let timedOut = state.lock.withLock { s in
                s.exited = true
                killpg(pid, SIGKILL)  // background children that outlived the leader (the leader is a zombie)
                return s.timedOut
            }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            return Result(
                status: code, output: String(decoding: kept, as: UTF8.self), droppedBytes: dropped,
                timedOut: timedOut)
        }

        private static func errnoText() -> String { String(cString: strerror(errno)) }
    }
#endif
