#if os(Linux)
    import AxonProcess
    import AxonTesting
    import Foundation
    import Testing

    /// The one spawning facility for real: groups, stdin, caps, timeouts, exit statuses.
    @Suite(.serialized, .timeLimit(.minutes(1))) struct ChildProcessTests {
        let env = ["PATH": "/usr/bin:/bin"]

        func run(
            _ command: String, stdin: ProcessSpec.StandardInput = .null, cap: Int = 1024,
            stderr: StderrCapture = .tail(bytes: 64), timeout: Duration = .seconds(20)
        ) async throws -> CapturedRun {
            try await ChildProcess.run(
                ProcessSpec(["/bin/sh", "-c", command], directory: "/tmp", environment: env, standardInput: stdin),
                stdoutCap: cap, stderr: stderr, timeout: timeout, grace: .milliseconds(500))
        }

        @Test func capturesStdoutAndStderrApartInTheDirectoryWithTheEnvironment() async throws {
            let r = try await run("pwd; echo \"$PATH\"; echo oops >&2; exit 3")
            #expect(r.output == "/tmp\n/usr/bin:/bin\n")
            #expect(r.errorTail == "oops\n")
            #expect(r.termination == .exited(3))
            #expect(!r.timedOut)
        }

        @Test func stdoutBeyondTheCapIsDrainedAndCounted() async throws {
            let r = try await run("head -c 300000 /dev/zero; echo done >&2", cap: 1000)
            #expect(r.stdout.count == 1000)
            #expect(r.droppedStdoutBytes == 299_000)
            #expect(r.errorTail == "done\n")
            #expect(r.termination == .exited(0))
        }

        @Test func stderrKeepsItsTail() async throws {
            let r = try await run("i=0; while [ $i -lt 500 ]; do echo line$i >&2; i=$((i+1)); done", cap: 10)
            #expect(r.errorTail.hasSuffix("line499\n"))
            #expect(r.stderrTail.count == 64)
            #expect(r.droppedStderrBytes > 0)
        }

        /// The test process does not ignore SIGPIPE: a child that never reads a large stdin must not kill it.
        @Test func aChildThatNeverReadsItsStdinDoesNotHurt() async throws {
            let big = [UInt8](repeating: 0x61, count: 1 << 20)
            let r = try await run("echo ignored", stdin: .bytes(big))
            #expect(r.output == "ignored\n")
            let read = try await run("wc -c", stdin: .bytes(big))
            #expect(read.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1048576")
        }

        @Test func aChildInheritsOnlyStdinStdoutAndStderr() async throws {
            // Inheritable (dup2 clears close-on-exec), as a library's descriptor might be: the child must not
            // get it. A high number, so `ls`'s own directory descriptor cannot be mistaken for it.
            let opened = open("/dev/null", O_RDONLY)
            let fd = dup2(opened, 200)
            close(opened)
            #expect(fd == 200)
            defer { close(fd) }
            let r = try await run("ls /proc/self/fd")
            let inherited = r.output.split(separator: "\n").compactMap { Int32($0) }
            #expect(!inherited.contains(fd), "fd \(fd) leaked into the child: \(inherited)")
            #expect(inherited.contains(0) && inherited.contains(1) && inherited.contains(2))
        }

        @Test func timeoutKillsTheWholeGroupIncludingGrandchildren() async throws {
            let clock = ContinuousClock()
            let start = clock.now
            let r = try await run("sh -c 'sleep 30' & echo $! ; sleep 30", timeout: .milliseconds(500))
            #expect(start.duration(to: clock.now) < .seconds(20))
            #expect(r.timedOut)
            #expect(r.termination == .signaled(SIGTERM))
            let grandchild = try #require(Int32(r.output.trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(await ProcessProbe.exits(grandchild, within: .seconds(3)))
        }

        @Test func cancellationKillsTheGroup() async throws {
            let clock = ContinuousClock()
            let start = clock.now
            let task = Task { try await run("sleep 30") }
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            let r = try await task.value
            #expect(r.termination == .signaled(SIGKILL))
            #expect(start.duration(to: clock.now) < .seconds(20))
        }

        @Test func theProgramIsFoundOnTheChildsPathAndRelativeToItsDirectory() async throws {
            let dir = try TemporaryWorkspace()
            defer { dir.remove() }
            try dir.write("bin/where-am-i", "#!/bin/sh\npwd\n")
            try dir.write("work/local.sh", "#!/bin/sh\necho local in $(pwd)\n")
            for file in ["bin/where-am-i", "work/local.sh"] { chmod(dir.path + "/" + file, 0o755) }
            // Not on this process's PATH: only the child's own PATH names `bin/`.
            let found = try await ChildProcess.run(
                ProcessSpec(["where-am-i"], directory: dir.path + "/work", environment: ["PATH": dir.path + "/bin"]),
                stdoutCap: 1000, stderr: .tail(bytes: 200), timeout: .seconds(5))
            #expect(found.output == dir.path + "/work\n", "\(found.errorTail)")
            let local = try await ChildProcess.run(
                ProcessSpec(["./local.sh"], directory: dir.path + "/work", environment: env), stdoutCap: 1000,
                stderr: .tail(bytes: 200), timeout: .seconds(5))
            #expect(local.output == "local in \(dir.path)/work\n", "\(local.errorTail)")
        }

        @Test func aScriptWhoseInterpreterIsMissingIsExit127() async throws {
            let dir = try TemporaryWorkspace()
            defer { dir.remove() }
            try dir.write("t.sh", "#!/no/such/interpreter\necho never\n")
            chmod(dir.path + "/t.sh", 0o755)
            let r = try await ChildProcess.run(
                ProcessSpec([dir.path + "/t.sh"], directory: dir.path, environment: env), stdoutCap: 100,
                stderr: .tail(bytes: 200), timeout: .seconds(5))
            #expect(r.termination == .exited(127), "\(r.errorTail)")
        }

        @Test func aMissingProgramIsExit127NotACrash() async throws {
            let r = try await ChildProcess.run(
                ProcessSpec(["no-such-program-xyz"], directory: "/", environment: env), stdoutCap: 100,
                stderr: .tail(bytes: 200), timeout: .seconds(5))
            #expect(r.termination == .exited(127))
            #expect(r.errorTail.contains("not found"))
        }

        @Test func spawnedChildIsWaitedForAndSignalledAsAGroup() async throws {
            let child = try ChildProcess.spawn(
                ProcessSpec(["/bin/sh", "-c", "sleep 30"], directory: "/", environment: env, group: .newSession))
            child.signalGroup(SIGTERM)
            #expect(await child.wait() == .signaled(SIGTERM))
            // Reaped: signalling again is a no-op, never a stray signal to a reused pid.
            child.signalGroup(SIGKILL)
        }

        @Test func manyWaitsShareOneWatcherThreadAndEachGetsItsOwnStatus() async throws {
            let children = try (0..<24).map { n in
                try ChildProcess.spawn(
                    ProcessSpec(["/bin/sh", "-c", "sleep 0.3; exit \(n)"], directory: "/", environment: env))
            }
            let statuses = Task {
                await withTaskGroup(of: (Int, Termination).self) { group in
                    for (n, child) in children.enumerated() { group.addTask { (n, await child.wait()) } }
                    var all: [Int: Termination] = [:]
                    for await (n, status) in group { all[n] = status }
                    return all
                }
            }
            try await Task.sleep(for: .milliseconds(100))
            // Waiting, and no thread of this process blocks in waitid for one child (pidfds, one poll).
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []).compactMap {
                try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8)
            }
            #expect(!names.contains { $0.hasPrefix("axon-wait") }, "\(names.sorted())")
            #expect(names.contains("axon-exits\n"), "the watcher thread: \(names.sorted())")
            let all = await statuses.value
            #expect(all.count == 24 && all.allSatisfy { $0.value == .exited(Int32($0.key)) }, "\(all)")
        }

        @Test func outputCanBeAppendedToALogFileBothStreamsInOrder() async throws {
            let dir = try TemporaryWorkspace()
            defer { dir.remove() }
            let log = dir.path + "/agent.log"
            try dir.write("agent.log", "earlier\n")
            for word in ["one", "two"] {
                let child = try ChildProcess.spawn(
                    ProcessSpec(
                        ["/bin/sh", "-c", "echo \(word); echo \(word)-err >&2"], directory: "/", environment: env,
                        output: .appendingTo(log)))
                #expect(await child.wait() == .exited(0))
            }
            #expect(try dir.read("agent.log") == "earlier\none\none-err\ntwo\ntwo-err\n")
            #expect(
                throws: ProcessError.self,
                "a log that cannot be opened fails the spawn",
                performing: {
                    try ChildProcess.spawn(
                        ProcessSpec(
                            ["/bin/true"], directory: "/", environment: env, output: .appendingTo("/nonexistent/x.log"))
                    )
                })
        }
    }
#endif
