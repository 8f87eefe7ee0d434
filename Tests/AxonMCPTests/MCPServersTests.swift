#if os(Linux)
    import AxonCore
    import AxonMCP
    import AxonTesting
    import Foundation
    import Glibc
    import Testing

    /// The pool against real servers: mcp-server-time from PyPI and the fixture server on the official `mcp`.
    @Suite(.serialized, .timeLimit(.minutes(3)), .enabled(if: MCPTestSupport.pythonWorks, MCPTestSupport.skipReason))
    struct MCPServersTests {
        typealias S = MCPTestSupport

        func withPool(
            _ servers: [MCPServerConfig], environment: [String: String] = ProcessInfo.processInfo.environment,
            _ body: (MCPServers, TemporaryWorkspace) async throws -> Void
        ) async throws {
            let ws = try TemporaryWorkspace()
            defer { ws.remove() }
            let pool = MCPServers(root: ws.path, servers: servers, environment: environment, options: S.options)
            do {
                try await body(pool, ws)
            } catch {
                await pool.shutdown()
                throw error
            }
            await pool.shutdown()
        }

        @Test func listsAndCallsMCPServerTime() async throws {
            try await withPool([S.time]) { pool, _ in
                #expect(await pool.status(of: "time") == .stopped)
                let snapshot = await pool.toolSnapshot()
                let names = snapshot.tools.map(\.name)
                #expect(names.contains("mcp__time__get_current_time"))
                #expect(names.contains("mcp__time__convert_time"))
                let tool = try #require(snapshot.tools.first { $0.toolName == "get_current_time" })
                #expect(tool.inputSchema["properties"]?["timezone"]?["type"] == "string")
                #expect(await pool.status(of: "time")?.isRunning == true)

                let outcome = await pool.call("mcp__time__get_current_time", arguments: ["timezone": "UTC"])
                #expect(outcome.ok, "\(outcome.content)")
                #expect(outcome.content.contains("\"timezone\": \"UTC\""))
                #expect(outcome.content.contains("datetime"))

                let bad = await pool.call("mcp__time__get_current_time", arguments: ["timezone": "Mars/Olympus"])
                #expect(!bad.ok)
                #expect(bad.content.hasPrefix("error: "))
            }
        }

        @Test func unknownToolsAndBadArgumentsAreErrorOutcomes() async throws {
            try await withPool([S.growing()]) { pool, _ in
                let unknown = await pool.call("mcp__nope__x", arguments: [:])
                #expect(!unknown.ok && unknown.content.contains("no MCP tool 'mcp__nope__x'"))
                _ = await pool.toolSnapshot()
                let missing = await pool.call("mcp__grow__missing", arguments: [:])
                #expect(!missing.ok && missing.content.contains("no MCP tool"))
                let notObject = await pool.call("mcp__grow__echo", arguments: .array([]))
                #expect(!notObject.ok && notObject.content.contains("JSON object"))
                let failing = await pool.call("mcp__grow__fail", arguments: [:])
                #expect(!failing.ok)
                #expect(failing.content.contains("this tool always fails"))
                let echo = await pool.call("mcp__grow__echo", arguments: ["text": "hé"])
                #expect(echo == MCPCallOutcome(ok: true, content: "hé"))
            }
        }

        @Test func listChangedGrowsTheToolsAndBumpsTheGeneration() async throws {
            try await withPool([S.growing()]) { pool, _ in
                let before = await pool.toolSnapshot()
                #expect(!before.tools.contains { $0.name == "mcp__grow__greet" })
                var changes = pool.changes.makeAsyncIterator()
                let added = await pool.call("mcp__grow__add_tool", arguments: ["name": "greet"])
                #expect(added.ok, "\(added.content)")
                let grown = await S.eventually { await pool.generation > before.generation }
                #expect(grown)
                let next = await changes.next()
                #expect(next != nil && next! > before.generation)
                let after = await pool.toolSnapshot()
                #expect(after.tools.contains { $0.name == "mcp__grow__greet" })
                #expect(after.generation > before.generation)
                let greet = await pool.call("mcp__grow__greet", arguments: [:])
                #expect(greet == MCPCallOutcome(ok: true, content: "greet says hi"))
            }
        }

        @Test func aServerKilledMidSessionIsReportedAndRestartedByTheNextCall() async throws {
            try await withPool([S.growing()]) { pool, _ in
                let first = await pool.call("mcp__grow__pid", arguments: [:])
                #expect(first.ok)
                let pid = try #require(Int32(first.content))
                #expect(await pool.pid(of: "grow") == pid)
                kill(pid, SIGKILL)
                let down = await S.eventually { await pool.status(of: "grow")?.isDown == true }
                #expect(down)
                #expect(await pool.status(of: "grow")?.description.hasPrefix("down: was killed by signal 9") == true)
                // During the backoff the call fails at once, saying why and when.
                let early = await pool.call("mcp__grow__pid", arguments: [:])
                if !early.ok { #expect(early.content.contains("is down (was killed by signal 9)")) }
                try await Task.sleep(for: .milliseconds(400))
                let again = await pool.call("mcp__grow__pid", arguments: [:])
                #expect(again.ok, "\(again.content)")
                #expect(Int32(again.content) != pid)
                #expect(await pool.status(of: "grow")?.isRunning == true)
                #expect(!S.groupAlive(pid))
            }
        }

        @Test func aMissingCommandIsAStatusNotAThrow() async throws {
            let ghost = MCPServerConfig(name: "ghost", command: "axon-no-such-mcp-server")
            try await withPool([ghost, S.growing()]) { pool, _ in
                let snapshot = await pool.toolSnapshot()
                #expect(!snapshot.tools.contains { $0.server == "ghost" })
                #expect(snapshot.tools.contains { $0.server == "grow" })
                #expect(await pool.status(of: "ghost") == .down(reason: "command not found: axon-no-such-mcp-server"))
                let call = await pool.call("mcp__ghost__anything", arguments: [:])
                #expect(!call.ok)
                #expect(call.content.contains("ghost"))
                let report = try #require(await pool.reports().first { $0.name == "ghost" })
                #expect(report.failures >= 1)
            }
        }

        @Test func aServerThatExitsAtOnceIsDownWithItsStderr() async throws {
            try await withPool([S.growing("broken", flags: ["--fail-start"])]) { pool, _ in
                let call = await pool.call("mcp__broken__echo", arguments: ["text": "x"])
                #expect(!call.ok)
                let status = await pool.status(of: "broken")
                #expect(
                    status
                        == .down(
                            reason:
                                "exited with status 3 during the handshake: growing_server: refusing to start (--fail-start)"
                        ))
                let report = try #require(await pool.reports().first)
                #expect(report.stderrTail.contains("refusing to start"))
                #expect(report.retryIn != nil)
                // In the backoff: refused at once, without a new process.
                let again = await pool.call("mcp__broken__echo", arguments: ["text": "x"])
                #expect(again.content.contains("it is retried in"))
            }
        }

        @Test func shutdownLeavesNoProcessOfTheGroup() async throws {
            try await withPool([S.growing(flags: ["--grandchild"])]) { pool, _ in
                _ = await pool.toolSnapshot()
                let pid = try #require(await pool.pid(of: "grow"))
                #expect(getpgid(pid) == pid)
                #expect(S.groupAlive(pid))
                await pool.shutdown()
                #expect(!S.groupAlive(pid))
                #expect(await pool.status(of: "grow") == .stopped)
                let after = await pool.call("mcp__grow__echo", arguments: ["text": "x"])
                #expect(!after.ok)
            }
        }

        @Test func aServerIgnoringEOFAndSIGTERMIsKilled() async throws {
            try await withPool([S.growing(flags: ["--stubborn", "--grandchild"])]) { pool, _ in
                _ = await pool.toolSnapshot()
                let pid = try #require(await pool.pid(of: "grow"))
                let started = ContinuousClock.now
                await pool.shutdown()
                #expect(!S.groupAlive(pid))
                // stdin EOF, then SIGTERM, each given the 0.5 s grace, then SIGKILL.
                #expect(started.duration(to: .now) >= .milliseconds(900))
            }
        }

        @Test func aHandshakeThatNeverComesIsATimeout() async throws {
            let ws = try TemporaryWorkspace()
            defer { ws.remove() }
            var options = S.options
            options.handshakeTimeout = .seconds(1)
            let pool = MCPServers(
                root: ws.path, servers: [S.growing("slow", flags: ["--slow-start"])], options: options)
            let call = await pool.call("mcp__slow__echo", arguments: ["text": "x"])
            #expect(!call.ok)
            #expect(await pool.status(of: "slow") == .down(reason: "no answer to the MCP handshake within 1.0 seconds"))
            await pool.shutdown()
        }

        @Test func shutdownDuringAStartKillsItInsteadOfWaiting() async throws {
            try await withPool([S.growing("slow", flags: ["--slow-start"])]) { pool, _ in
                let snapshot = Task { await pool.toolSnapshot() }
                let starting = await S.eventually { await pool.status(of: "slow") == .starting }
                #expect(starting)
                try await Task.sleep(for: .milliseconds(200))
                let began = ContinuousClock.now
                await pool.shutdown()
                #expect(began.duration(to: .now) < .seconds(10))
                #expect(await snapshot.value.tools.isEmpty)
                #expect(await pool.status(of: "slow") == .stopped)
            }
        }

        @Test func aCancelledCallReturnsAtOnce() async throws {
            try await withPool([S.growing()]) { pool, _ in
                _ = await pool.toolSnapshot()
                let call = Task { await pool.call("mcp__grow__sleep", arguments: ["seconds": 30]) }
                try await Task.sleep(for: .milliseconds(300))
                let began = ContinuousClock.now
                call.cancel()
                let outcome = await call.value
                #expect(began.duration(to: .now) < .seconds(20))
                #expect(
                    outcome == MCPCallOutcome(ok: false, content: "error: the call of MCP tool 'sleep' was cancelled"))
                // The server is still fine.
                #expect(await pool.call("mcp__grow__echo", arguments: ["text": "ok"]).ok)
            }
        }

        @Test func theCacheOffersToolsWithoutStartingAndTheCallStartsTheServer() async throws {
            let ws = try TemporaryWorkspace()
            defer { ws.remove() }
            let first = MCPServers(root: ws.path, servers: [S.growing()], options: S.options)
            let listed = await first.toolSnapshot().tools
            await first.shutdown()
            #expect(FileManager.default.fileExists(atPath: ws.path + "/.axon/mcp/grow-\(S.growing().configHash).json"))

            let second = MCPServers(root: ws.path, servers: [S.growing()], options: S.options)
            let cached = await second.toolSnapshot()
            #expect(cached.tools == listed)
            #expect(await second.status(of: "grow") == .stopped)
            #expect(await second.reports().first?.toolsFromCache == true)
            let echo = await second.call("mcp__grow__echo", arguments: ["text": "lazy"])
            #expect(echo.ok)
            #expect(await second.status(of: "grow")?.isRunning == true)
            await second.shutdown()

            // A changed configuration misses the cache.
            let changed = MCPServers(root: ws.path, servers: [S.growing(env: ["X": "1"])], options: S.options)
            #expect(await changed.knownTools.isEmpty)
            await changed.shutdown()
        }

        @Test func serversGetTheEnvironmentWithoutSecretsPlusTheirOwn() async throws {
            let env = ProcessInfo.processInfo.environment.merging(
                [
                    "OPENAI_API_KEY": "sk-1", "GH_TOKEN": "t", "DB_PASSWORD_FILE": "p", "PLAIN": "visible",
                    "MY_LLM": "k",
                ],
                uniquingKeysWith: { _, new in new })
            var options = S.options
            options.secretNames = ["MY_LLM"]
            let ws = try TemporaryWorkspace()
            defer { ws.remove() }
            let pool = MCPServers(
                root: ws.path, servers: [S.growing(env: ["SERVER_TOKEN": "given"])], environment: env, options: options)
            func value(_ name: String) async -> String {
                await pool.call("mcp__grow__env", arguments: ["name": .string(name)]).content
            }
            #expect(await value("PLAIN") == "visible")
            #expect(await value("OPENAI_API_KEY") == "<unset>")
            #expect(await value("GH_TOKEN") == "<unset>")
            #expect(await value("DB_PASSWORD_FILE") == "<unset>")
            #expect(await value("MY_LLM") == "<unset>")
            #expect(await value("SERVER_TOKEN") == "given")
            await pool.shutdown()
        }

        @Test func updateStopsRemovedServersAndAddsNewOnes() async throws {
            try await withPool([S.growing()]) { pool, _ in
                _ = await pool.toolSnapshot()
                let pid = try #require(await pool.pid(of: "grow"))
                let before = await pool.generation
                await pool.update(servers: [S.growing("other")])
                #expect(!S.groupAlive(pid))
                #expect(await pool.status(of: "grow") == nil)
                #expect(await pool.generation > before)
                let tools = await pool.toolSnapshot().tools
                #expect(tools.allSatisfy { $0.server == "other" } && !tools.isEmpty)
            }
        }
    }
#endif
