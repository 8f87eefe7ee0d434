#if os(Linux)
    import AxonTesting
    import Foundation
    import Testing

    /// What `axon up` puts in `.axon/logs/` through the built binary: rotation by `logs:` (applied to a running
    /// fleet when fleet.yaml changes), and a prompt agent's answer.
    @Suite(.serialized, .timeLimit(.minutes(3))) struct FleetLogsTests {
        let cli = AxonCLIRunner()
        let driver = FleetTests()

        /// About 5 KB a second, in numbered lines, until stopped.
        static let chatter = """
            #!/bin/sh
            i=0
            while :; do
              for j in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
                i=$((i+1)); echo "line $i: the chatty agent has something to say"
              done
              sleep 0.2
            done
            """

        static func fleetFile(keep: Int) -> String {
            FleetTests.fleetFile("chatty: {run: chatter}") + "\nlogs: {max_size: 4KiB, keep: \(keep)}\n"
        }

        static func exists(_ ws: TemporaryWorkspace, _ file: String) -> Bool {
            FileManager.default.fileExists(atPath: ws.path + "/" + file)
        }

        /// Polls `condition` every 50 ms for up to `limit`; whether it held.
        static func eventually(within limit: Duration = .seconds(60), _ condition: () -> Bool) async -> Bool {
            let deadline = ContinuousClock.now + limit
            while !condition() {
                if ContinuousClock.now > deadline { return false }
                try? await Task.sleep(for: .milliseconds(50))
            }
            return true
        }

        @Test func aSmallMaxSizeRotatesAChattyLogKeepingAtMostKeepFilesAndAChangeAppliesLive() async throws {
            let ws = try driver.workspace("chatty: {run: chatter}", scripts: ["chatter.sh": Self.chatter])
            defer { ws.remove() }
            try ws.write("fleet.yaml", Self.fleetFile(keep: 1))
            let env = driver.marker()
            let fleet = try driver.up(ws, env)
            let log = ".axon/logs/chatty.1.log"
            // Rotated twice at least: `.1` no longer starts with the first line.
            let twice = await Self.eventually {
                guard let first = (try? ws.read(log + ".1"))?.split(separator: "\n").first else { return false }
                return !first.hasPrefix("line 1:")
            }
            #expect(twice, "\(fleet.stdout)\n\(fleet.stderr)")
            #expect(!Self.exists(ws, log + ".2"), "keep: 1")
            // keep raised while the fleet runs: applied without a restart.
            try ws.publish("fleet.yaml", Self.fleetFile(keep: 3))
            #expect(await Self.eventually { Self.exists(ws, log + ".3") }, "\(fleet.stdout)\n\(fleet.stderr)")
            fleet.signal(SIGTERM)
            #expect(await fleet.exit(within: .seconds(15)) == 0)
            #expect(await FleetTests.noneSurvive(env))
            #expect(!Self.exists(ws, log + ".4"), "keep: 3")
            for n in 1...3 {
                let size = try FileManager.default.attributesOfItem(atPath: ws.path + "/\(log).\(n)")[.size] as? Int
                #expect((size ?? 0) >= 4096, "rotated once past max_size: \(String(describing: size))")
            }
            #expect(fleet.lines.filter { $0.hasPrefix("chatty.1 started") }.count == 1, "\(fleet.lines)")

            // `axon logs` reads the `keep` rotated files, oldest first, then the current one.
            let oldest = try #require(try ws.read(log + ".3").split(separator: "\n").first)
            let logs = try await cli.run(["logs", "chatty"], cwd: ws.path, environment: env)
            #expect(logs.status == 0 && logs.stdout.hasPrefix(oldest + "\n"), "\(logs.stdout.prefix(300))")
            let numbers = logs.stdout.split(separator: "\n").compactMap { line -> Int? in
                guard line.hasPrefix("line ") else { return nil }
                return Int(line.dropFirst(5).prefix { $0.isNumber })
            }
            #expect(numbers.count > 100 && zip(numbers, numbers.dropFirst()).allSatisfy { $0 < $1 }, "in order")
        }

        @Test func aPromptAgentsAnswerAndHowItsRequestEndedAreInItsLog() async throws {
            let ws = try driver.workspace(
                "greeter: {prompt: hello}\n"
                    + "reader: {prompt: read it, limits: {max_turns: 1}, restart: {policy: never}}")
            defer { ws.remove() }
            try ws.write(
                "data/replay/demo.yaml",
                """
                rules:
                  - match: hello
                    turns:
                      - text: "Hello from the fleet."
                  - match: read it
                    turns:
                      - tool_calls: [{name: read_file, arguments: {path: fleet.yaml}}]
                      - text: "not reached: max_turns is 1"
                default:
                  - text: "echo {{prompt}}"
                """)
            let env = driver.marker()
            let fleet = try driver.up(ws, env)
            // Both run once and end, so the fleet ends by itself.
            #expect(await fleet.exit(within: .seconds(60)) != nil, "\(fleet.stdout)\n\(fleet.stderr)")
            #expect(fleet.lines.contains("reader.1 exited 1, not restarted (restart policy never)"), "\(fleet.lines)")
            let greeter = try await cli.run(["logs", "greeter"], cwd: ws.path, environment: env)
            #expect(greeter.status == 0)
            #expect(
                greeter.stdout.contains("Hello from the fleet.\naxon: greeter.1: request ok\n"), "\(greeter.stdout)")
            let reader = try await cli.run(["logs", "reader"], cwd: ws.path, environment: env)
            #expect(reader.stdout.contains("→ read_file {\"path\":\"fleet.yaml\"}\n"), "\(reader.stdout)")
            #expect(
                reader.stdout.contains("axon: reader.1: request capped: stopped after max_turns (1) model turns\n"),
                "\(reader.stdout)")
            #expect(!reader.stdout.contains("not reached"))
            #expect(await FleetTests.noneSurvive(env))
        }
    }
#endif
