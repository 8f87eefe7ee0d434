#if os(Linux)
    import AxonCore
    import AxonTesting
    import Foundation
    import Testing

    /// What a SIGKILLed supervisor leaves running, through the built binary: `.axon/fleet.pids` names it, the
    /// next `axon up` ends it, and a recorded pid that now belongs to another process is left alone.
    @Suite(.serialized, .timeLimit(.minutes(3))) struct FleetLeftoversTests {
        let fleet = FleetTests()

        /// A script agent whose script starts a daemon (its own session, orphaned at once, so the supervisor
        /// adopts it) that writes its pid to `data/escapee.pid`, then runs on.
        func workspace() throws -> TemporaryWorkspace {
            try fleet.workspace(
                "spawner: {run: spawn}",
                scripts: [
                    "spawn.sh": """
                    #!/bin/sh
                    (setsid sh -c 'echo $$ > data/escapee.pid.tmp && mv data/escapee.pid.tmp data/escapee.pid; exec sleep 300' &)
                    exec sleep 600

                    """
                ])
        }

        /// Waits for `path` to hold a pid; nil when it never does.
        static func pid(in path: String, within limit: Duration = .seconds(20)) async throws -> Int32? {
            let deadline = ContinuousClock.now + limit
            while ContinuousClock.now < deadline {
                if let text = try? String(contentsOfFile: path, encoding: .utf8),
                    let pid = Int32(text.filter(\.isNumber))
                {
                    return pid
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            return nil
        }

        /// The record's lines, once one names `pid`; nil when none does in time.
        static func recordNaming(_ pid: Int32, _ ws: TemporaryWorkspace) async throws -> [String]? {
            for _ in 0..<200 {
                let lines = ((try? ws.read(".axon/fleet.pids")) ?? "").split(separator: "\n").map(String.init)
                if lines.contains(where: { $0.hasPrefix("\(pid) ") }) { return lines }
                try await Task.sleep(for: .milliseconds(50))
            }
            return nil
        }

        @Test func theNextUpKillsWhatAKilledSupervisorLeftAndNothingElse() async throws {
            let ws = try workspace()
            defer { ws.remove() }
            let env = fleet.marker()
            let first = try fleet.up(ws, env)
            let escapee = try #require(try await Self.pid(in: ws.path + "/data/escapee.pid"), "\(first.stderr)")
            defer { kill(escapee, SIGKILL) }
            let recorded = try #require(try await Self.recordNaming(escapee, ws), "the adopted daemon is recorded")
            #expect(recorded.first?.hasPrefix("boot ") == true, "\(recorded)")
            first.signal(SIGKILL)
            _ = await first.exit(within: .seconds(5))
            // The agent ends its session on its own; the daemon, in a session of its own, does not.
            try await Task.sleep(for: .seconds(1))
            #expect(kill(escapee, 0) == 0, "the daemon outlives the SIGKILLed supervisor")

            // A pid in the record whose process started at another time: a recycled pid, someone else's.
            let bystander = Process()
            bystander.executableURL = URL(fileURLWithPath: "/bin/sleep")
            bystander.arguments = ["300"]
            // Holding none of this process's descriptors, and killed with SIGKILL: it may inherit a blocked
            // SIGTERM from the test host's thread that spawns it.
            bystander.standardInput = FileHandle.nullDevice
            bystander.standardOutput = FileHandle.nullDevice
            bystander.standardError = FileHandle.nullDevice
            try bystander.run()
            defer { kill(bystander.processIdentifier, SIGKILL) }
            let fields = try String(contentsOfFile: "/proc/\(bystander.processIdentifier)/stat", encoding: .utf8)
                .split(separator: ")").last?.split(separator: " ")
            let start = try #require(fields.flatMap { UInt64($0[19]) })
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: ws.path + "/.axon/fleet.pids"))
            handle.seekToEndOfFile()
            handle.write(Data("\(bystander.processIdentifier) \(start + 1)\n".utf8))
            try handle.close()
            try FileManager.default.removeItem(atPath: ws.path + "/data/escapee.pid")

            let next = try fleet.up(ws, env)
            let line = await next.line(containing: "a killed supervisor left running")
            #expect(line?.contains("\(escapee)") == true, "\(String(describing: line))\n\(next.stderr)")
            #expect(line?.contains("\(bystander.processIdentifier)") == false, "\(String(describing: line))")
            #expect(await ProcessProbe.exits(escapee, within: .seconds(3)), "the daemon is killed")
            #expect(bystander.isRunning, "a recycled pid is not signalled")
            // This supervisor's own daemon is killed at its clean stop, which leaves no record behind.
            let own = try #require(try await Self.pid(in: ws.path + "/data/escapee.pid"), "\(next.stderr)")
            defer { kill(own, SIGKILL) }
            #expect(try await Self.recordNaming(own, ws) != nil)
            next.signal(SIGTERM)
            #expect(await next.exit(within: .seconds(15)) == 0)
            #expect(await ProcessProbe.exits(own, within: .seconds(3)))
            #expect(!FileManager.default.fileExists(atPath: ws.path + "/.axon/fleet.pids"))
            #expect(await FleetTests.noneSurvive(env))
        }
    }
#endif
