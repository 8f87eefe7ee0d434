#if os(Linux)
    import AxonCore
    import Foundation
    import Synchronization

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #endif

    extension ChildProcess {
        /// Runs `spec` to completion with its output captured: stdout's first `stdoutCap` bytes are kept and
        /// the rest is read and counted (so the child never blocks on a full pipe); stderr is merged into
        /// stdout or its last `cap` bytes kept. At `timeout` the whole group gets SIGTERM, then SIGKILL after
        /// `grace`; a cancelled task kills the group at once. When the leader has exited, what is left of its
        /// group is killed before it is reaped: nothing a call started outlives it.
        ///
        /// A non-zero exit, a signal or a timeout is a result, not an error.
        /// - Throws: `ProcessError` only when the child cannot be started.
        public static func run(
            _ spec: ProcessSpec, stdoutCap: Int, stderr: StderrCapture = .merged, timeout: Duration,
            grace: Duration = .seconds(2)
        ) async throws(ProcessError) -> CapturedRun {
            let stderrRedirect: Spawner.Redirect
            switch stderr {
            case .merged: stderrRedirect = .stdout
            case .tail: stderrRedirect = .pipe
            case .discard: stderrRedirect = .null
            }
            let spawned = try Spawner.spawn(spec, stdout: .pipe, stderr: stderrRedirect)
            let child = ChildProcess(pid: spawned.pid)
            if let fd = spawned.stdin, case .bytes(let bytes) = spec.standardInput { child.feed(bytes, to: fd) }
            let killer = Task {
                try await Task.sleep(for: timeout)
                child.state.withLock { s in
                    s.timedOut = true
                    if !s.exited { killpg(child.pid, SIGTERM) }
                }
                try await Task.sleep(for: grace)
                child.signalGroup(SIGKILL)
                // A process that left the group (its own setsid) may still hold a pipe: stop waiting for EOF.
                try await Task.sleep(for: grace)
                child.state.withLock { $0.abandoned = true }
            }
            let stderrCap: Int
            if case .tail(let cap) = stderr { stderrCap = cap } else { stderrCap = 0 }
            let pipes = (stdout: spawned.stdout ?? -1, stderr: spawned.stderr ?? -1)
            let result = await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<CapturedRun, Never>) in
                    NamedThread.start("axon-run") {
                        var run = child.drain(pipes, stdoutCap: stdoutCap, stderrCap: stderrCap)
                        run.termination = child.reap(killingStragglers: true)
                        run.timedOut = child.state.withLock { $0.timedOut }
                        continuation.resume(returning: run)
                    }
                }
            } onCancel: {
                // A cancelled request (Ctrl-C) takes its command's whole group down with it.
                child.signalGroup(SIGKILL)
            }
            killer.cancel()
            return result
        }

        /// Blocking, on the run's thread: reads both pipes to EOF (or until abandoned), keeping stdout's head
        /// and stderr's tail.
        private func drain(_ pipes: (stdout: Int32, stderr: Int32), stdoutCap: Int, stderrCap: Int) -> CapturedRun {
            var run = CapturedRun()
            var open = [pipes.stdout, pipes.stderr].filter { $0 >= 0 }
            var stderrBytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            while !open.isEmpty {
                var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
                let polled = poll(&fds, nfds_t(fds.count), 250)
                if polled == 0 || (polled < 0 && errno == EINTR) {
                    if state.withLock({ $0.abandoned }) { break }
                    continue
                }
                for entry in fds where entry.revents != 0 {
                    let n = buffer.withUnsafeMutableBytes { Glibc.read(entry.fd, $0.baseAddress, $0.count) }
                    if n < 0, errno == EINTR || errno == EAGAIN { continue }
                    if n <= 0 {
                        close(entry.fd)
                        open.removeAll { $0 == entry.fd }
                        continue
                    }
                    if entry.fd == pipes.stdout {
                        let room = max(0, stdoutCap - run.stdout.count)
                        run.stdout.append(contentsOf: buffer[0..<min(n, room)])
                        run.droppedStdoutBytes += n - min(n, room)
                    } else {
                        stderrBytes.append(contentsOf: buffer[0..<n])
                        // Trimmed in amortised steps: only the tail is ever shown.
                        if stderrBytes.count > 2 * stderrCap {
                            run.droppedStderrBytes += stderrBytes.count - stderrCap
                            stderrBytes.removeFirst(stderrBytes.count - stderrCap)
                        }
                    }
                }
            }
            for fd in open { close(fd) }
            if stderrBytes.count > stderrCap {
                run.droppedStderrBytes += stderrBytes.count - stderrCap
                stderrBytes.removeFirst(stderrBytes.count - stderrCap)
            }
            run.stderrTail = stderrBytes
            return run
        }
    }
#endif
