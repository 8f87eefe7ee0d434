#if os(Linux)
    import AxonCore
    import Foundation
    import Synchronization

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #endif

    /// A running child in its own process group: signal its group, feed its stdin, wait for it.
    ///
    /// No blocking call runs on the cooperative pool (two threads on a two-core machine): its exit is learnt
    /// by the one `ExitWatcher` thread (a pidfd), its stdin is written on a thread of its own. The group is
    /// signalled only until the leader is reaped: from then on its pid, which is also the group id, may belong
    /// to someone else.
    public final class ChildProcess: Sendable {
        public let pid: Int32
        let state = Mutex(State())
        /// True when the child's group was given the terminal's foreground.
        private let hasTerminal = Mutex(false)

        struct State {
            /// Set once the leader has exited (before it is reaped).
            var exited = false
            var timedOut = false
            /// Set after a timeout's SIGKILL and a grace period: readers stop waiting for EOF.
            var abandoned = false
        }

        init(pid: Int32) { self.pid = pid }

        /// Starts `spec` with stdout and stderr as `spec.output` says: inherited from axon (a script on the
        /// caller's terminal) or appended to a file (a fleet agent's log).
        /// - Throws: `ProcessError` when the child cannot be started (a log file that cannot be opened too).
        public static func spawn(_ spec: ProcessSpec) throws(ProcessError) -> ChildProcess {
            let spawned: Spawner.Spawned
            switch spec.output {
            case .inherit: spawned = try Spawner.spawn(spec, stdout: .inherit, stderr: .inherit)
            case .appendingTo(let path): spawned = try Spawner.spawn(spec, stdout: .append(path), stderr: .stdout)
            }
            let child = ChildProcess(pid: spawned.pid)
            if let fd = spawned.stdin, case .bytes(let bytes) = spec.standardInput { child.feed(bytes, to: fd) }
            if case .newGroup(foreground: true) = spec.group { child.takeTerminal() }
            return child
        }

        /// Sends `signal` to the child's whole process group, unless the leader has been reaped.
        public func signalGroup(_ signal: Int32) {
            state.withLock { s in
                if !s.exited { killpg(pid, signal) }
            }
        }

        /// Waits for the leader to exit (children it left in the background do not count) and reaps it.
        /// - Parameter killingStragglers: SIGKILL what is left of its group first (tools: nothing outlives a call).
        public func wait(killingStragglers: Bool = false) async -> Termination {
            await withCheckedContinuation { continuation in
                let watched = ExitWatcher.watch(pid) {
                    continuation.resume(returning: self.reap(killingStragglers: killingStragglers))
                }
                if watched { return }
                // No pidfds: a thread blocks in waitid for this child alone.
                NamedThread.start("axon-wait") {
                    continuation.resume(returning: self.reap(killingStragglers: killingStragglers))
                }
            }
        }

        /// Blocking (not once the leader has exited): wait for it without reaping, mark it exited (under the
        /// lock the signallers take), optionally kill its group's stragglers, then reap.
        func reap(killingStragglers: Bool) -> Termination {
            var info = siginfo_t()
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0, errno == EINTR {}
            state.withLock { s in
                s.exited = true
                // The leader is a zombie, so its pid (the group id) cannot be reused yet.
                if killingStragglers { killpg(pid, SIGKILL) }
            }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 {
                if errno != EINTR { return .exited(1) }
            }
            let signal = status & 0x7f
            return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
        }

        /// Writes `bytes` to the child's stdin on a thread of its own, then closes it. A child that never reads
        /// (or exits first) must not hurt: SIGPIPE is blocked on that thread, so the write fails with EPIPE
        /// (the pending signal dies with the thread) even in a process that does not ignore SIGPIPE.
        func feed(_ bytes: [UInt8], to fd: Int32) {
            NamedThread.start("axon-stdin") {
                var blocked = sigset_t()
                sigemptyset(&blocked)
                sigaddset(&blocked, SIGPIPE)
                pthread_sigmask(SIG_BLOCK, &blocked, nil)
                var offset = 0
                while offset < bytes.count {
                    let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                    if n < 0, errno == EINTR { continue }
                    if n <= 0 { break }
                    offset += n
                }
                close(fd)
            }
        }

        /// When axon owns the terminal, gives it to the child's group: the child may read the terminal, and
        /// Ctrl-C goes to it instead of stopping it with SIGTTIN in a background group.
        private func takeTerminal() {
            guard isatty(STDIN_FILENO) == 1, tcgetpgrp(STDIN_FILENO) == getpgrp() else { return }
            Glibc.signal(SIGTTOU, SIG_IGN)
            _ = tcsetpgrp(STDIN_FILENO, pid)
            hasTerminal.withLock { $0 = true }
            // The child may have touched the terminal before it was given it, and been stopped: resume it.
            kill(-pid, SIGCONT)
        }

        /// Gives the terminal back to axon's process group (after the child exits).
        public func returnTerminal() {
            guard hasTerminal.withLock({ $0 }) else { return }
            _ = tcsetpgrp(STDIN_FILENO, getpgrp())
        }
    }
#endif
