#if os(Linux)
    import AxonMCP
    import AxonTesting
    import Foundation
    import Glibc
    import Testing

    /// The next pool in a repo kills the server groups a SIGKILLed session left behind — and nothing else.
    @Suite(.serialized, .timeLimit(.minutes(1))) struct ServerRecordsTests {
        /// A process leading its own group, standing in for an orphaned server. (Not `setsid sleep`: setsid forks
        /// when its caller already leads a group, and the pid we know would not be the sleeper's.)
        func orphan() throws -> Process {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = [
                "-c", "exec python3 -c 'import os, time\ntry: os.setsid()\nexcept OSError: pass\ntime.sleep(300)'",
            ]
            // Not the test runner's stdout: a sleeper holding it would keep `swift test` waiting for EOF.
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }

        /// Waits (without blocking a thread for long) until `process` has exited, at most `limit`.
        func exited(_ process: Process, within limit: Duration = .seconds(10)) async -> Bool {
            let deadline = ContinuousClock.now + limit
            while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
            return !process.isRunning
        }

        func startTime(_ pid: Int32) throws -> String {
            let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
            let rest = stat[stat.index(after: stat.lastIndex(of: ")")!)...].split(separator: " ")
            return String(rest[19])
        }

        func waitForGroup(_ pid: Int32) async {
            for _ in 0..<500 where getpgid(pid) != pid { try? await Task.sleep(for: .milliseconds(20)) }
        }

        @Test func aDeadSessionsServerGroupIsKilledByTheNextPool() async throws {
            let ws = try TemporaryWorkspace()
            defer { ws.remove() }
            let server = try orphan()
            await waitForGroup(server.processIdentifier)
            let pid = server.processIdentifier
            let boot = try String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            // Owner 999999 with a start time no live process has: the session that started it is gone.
            try ws.write(".axon/mcp/run/999999-\(pid)", "\(boot) 999999 1 \(pid) \(try startTime(pid))\n")
            let pool = MCPServers(root: ws.path, servers: [])
            let gone = await exited(server)
            if !gone { server.terminate() }
            #expect(gone)
            #expect(server.terminationReason == .uncaughtSignal && server.terminationStatus == SIGKILL)
            #expect(!FileManager.default.fileExists(atPath: ws.path + "/.axon/mcp/run/999999-\(pid)"))
            await pool.shutdown()
        }

        @Test func aLiveSessionsOrARecycledPidsProcessIsLeftAlone() async throws {
            let ws = try TemporaryWorkspace()
            defer { ws.remove() }
            let server = try orphan()
            defer { kill(server.processIdentifier, SIGKILL) }
            await waitForGroup(server.processIdentifier)
            let pid = server.processIdentifier
            let boot = try String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let me = getpid()
            // Its owner (this test process) still runs: not an orphan.
            try ws.write(
                ".axon/mcp/run/\(me)-\(pid)", "\(boot) \(me) \(try startTime(me)) \(pid) \(try startTime(pid))\n")
            // Owner gone, but the pid now belongs to a process with another start time: a recycled pid.
            try ws.write(".axon/mcp/run/999999-\(pid)", "\(boot) 999999 1 \(pid) 1\n")
            let pool = MCPServers(root: ws.path, servers: [])
            try await Task.sleep(for: .milliseconds(100))
            #expect(server.isRunning)
            #expect(FileManager.default.fileExists(atPath: ws.path + "/.axon/mcp/run/\(me)-\(pid)"))
            #expect(!FileManager.default.fileExists(atPath: ws.path + "/.axon/mcp/run/999999-\(pid)"))
            await pool.shutdown()
        }
    }
#endif
