#if os(Linux)
    import AxonCore
    import Foundation
    import MCP
    import Synchronization

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #endif

    /// A start in flight, as the pool's `shutdown()` sees it: a server still in its handshake is killed at once
    /// (its failed handshake then ends the start), instead of being waited for up to the handshake timeout.
    final class StartHandle: Sendable {
        private let state = Mutex<(process: ServerProcess?, cancelled: Bool)>((nil, false))

        /// Records the spawned process; false when the start was cancelled first.
        func attach(_ process: ServerProcess) -> Bool {
            state.withLock { s in
                s.process = process
                return !s.cancelled
            }
        }

        func cancel() {
            let process = state.withLock { s -> ServerProcess? in
                s.cancelled = true
                return s.process
            }
            process?.signalGroup(SIGKILL)
        }
    }

    /// One running MCP server: its process group, the pipe transport and the SDK client over it.
    ///
    /// Created by `start`, which returns only after the `initialize` handshake, or throws a one-line reason with
    /// the process group already dead. The process's exit disconnects the client, which fails every request in
    /// flight (the SDK leaves them pending otherwise), and is then reported through `onExit`.
    final class ServerConnection: Sendable {
        let name: String
        let process: ServerProcess
        let client: Client
        let transport: PipeTransport
        let stderrTail: StderrTail
        let startedAt: ContinuousClock.Instant
        /// Whether the server said it sends `notifications/tools/list_changed`.
        let announcesListChanged: Bool

        /// Why a start failed: the status line, and the stderr tail at the time.
        struct StartFailure: Error, Sendable, Equatable {
            var reason: String
            var stderrTail: String
        }

        private init(
            name: String, process: ServerProcess, client: Client, transport: PipeTransport, tail: StderrTail,
            startedAt: ContinuousClock.Instant, announcesListChanged: Bool
        ) {
            self.name = name
            self.process = process
            self.client = client
            self.transport = transport
            self.stderrTail = tail
            self.startedAt = startedAt
            self.announcesListChanged = announcesListChanged
        }

        /// Spawns the server and runs the handshake within `timeout`.
        /// - Parameters:
        ///   - onExit: called once when the process has exited (after a successful start only), with the exit
        ///     code and the stderr tail.
        ///   - onToolsChanged: called for each `notifications/tools/list_changed`.
        static func start(
            _ config: MCPServerConfig, environment: [String: String], directory: String, timeout: Duration,
            records: ServerRecords, handle: StartHandle,
            onExit: @escaping @Sendable (_ status: Int32, _ stderrTail: String) -> Void,
            onToolsChanged: @escaping @Sendable () -> Void
        ) async throws(StartFailure) -> ServerConnection {
            let client = Client(name: "axon", version: "1")
            let tail = StderrTail()
            let drained = Latch()
            // Set once the handshake is done: a death before that is the start's failure, not an exit report.
            let connected = Latch()
            let process: ServerProcess
            do {
                process = try ServerProcess.spawn(
                    command: config.command, arguments: config.args, environment: environment, directory: directory,
                    onExit: { pid, status in
                        records.remove(pid: pid)
                        Task {
                            await client.disconnect()
                            await drained.wait(within: .milliseconds(500))
                            if connected.isSet { onExit(status, tail.text) }
                        }
                    })
            } catch {
                throw StartFailure(reason: error.description, stderrTail: "")
            }
            records.add(pid: process.pid)
            guard handle.attach(process) else {
                // Shut down while spawning: this process must not outlive the decision.
                process.signalGroup(SIGKILL)
                throw StartFailure(reason: "the session's MCP servers have been shut down", stderrTail: "")
            }
            let startedAt = ContinuousClock.now
            let transport = PipeTransport(
                stdinFD: process.stdinFD, stdoutFD: process.stdoutFD, stderrFD: process.stderrFD, stderrTail: tail,
                drained: drained)
            await client.onNotification(ToolListChangedNotification.self) { _ in onToolsChanged() }

            let handshake = await Deadline.run(timeout, { try await client.connect(transport: transport) }) {
                await client.disconnect()
            }
            // The reason is made after the group is dead and its pipes drained: the exit status and the last
            // stderr line are the most useful thing a failed start can say.
            func fail(_ reason: () -> String) async -> StartFailure {
                await stop(process: process, transport: transport, grace: .zero)
                await drained.wait(within: .milliseconds(500))
                return StartFailure(reason: reason(), stderrTail: tail.text)
            }
            let exited = { exitReason(process.exitStatus ?? -1, phase: "during the handshake", tail: tail) }
            switch handshake {
            case .value(let result):
                connected.set()
                if process.hasExited {
                    throw await fail(exited)
                }
                return ServerConnection(
                    name: config.name, process: process, client: client, transport: transport, tail: tail,
                    startedAt: startedAt, announcesListChanged: result.capabilities.tools?.listChanged == true)
            case .timedOut:
                throw await fail { "no answer to the MCP handshake within \(timeout)" }
            case .cancelled:
                throw await fail { "the start was cancelled" }
            case .failed(let error):
                // Give the waiter thread a moment: a server that died is a clearer reason than "disconnected".
                if await process.waitForExit(within: .milliseconds(500)) { throw await fail(exited) }
                throw await fail { "the MCP handshake failed: \(error)" }
            }
        }

        /// `exited with status 1 during the handshake: ModuleNotFoundError: No module named 'x'`
        static func exitReason(_ status: Int32, phase: String, tail: StderrTail) -> String {
            let how = status > 128 ? "was killed by signal \(status - 128)" : "exited with status \(status)"
            return "\(how) \(phase)" + (tail.lastLine.map { ": " + $0 } ?? "")
        }

        /// Every tool of the server (following `nextCursor`).
        func listTools() async throws -> [Tool] {
            var tools: [Tool] = []
            var cursor: String?
            repeat {
                let page = try await client.listTools(cursor: cursor)
                tools += page.tools
                cursor = page.nextCursor
            } while cursor != nil && tools.count < 10_000
            return tools
        }

        /// Calls `tool`; every failure (the tool's, the protocol's, a timeout, a death) is an error outcome.
        ///
        /// The request goes straight to the transport, past the SDK client (`DirectCalls` says why).
        func call(tool: String, arguments: JSONValue, timeout: Duration) async -> MCPCallOutcome {
            switch arguments {
            case .object, .null: break
            default: return .failure("the arguments of an MCP tool must be a JSON object")
            }
            let direct = transport.direct
            let transport = self.transport
            let id = direct.reserve()
            let request: JSONValue = [
                "jsonrpc": "2.0", "id": .string(id), "method": "tools/call",
                "params": ["name": .string(tool), "arguments": arguments == .null ? [:] : arguments],
            ]
            do {
                try await transport.send(Data(request.serialized().utf8))
            } catch {
                direct.drop(id)
                return await died(tool) ?? .failure("MCP server '\(name)' is not connected: \(error)")
            }
            let outcome = await Deadline.run(timeout, { await direct.wait(id) }) {
                direct.drop(id)
                let cancel: JSONValue = [
                    "jsonrpc": "2.0", "method": "notifications/cancelled",
                    "params": ["requestId": .string(id), "reason": "the caller gave up"],
                ]
                try? await transport.send(Data(cancel.serialized().utf8))
            }
            switch outcome {
            case .value(.result(let result)):
                return MCPCallOutcome(result: result)
            case .value(.error(_, let message)):
                return .failure("MCP tool '\(tool)' on server '\(name)': \(message)")
            case .value(.closed), .failed:
                return await died(tool) ?? .failure("MCP server '\(name)' closed the connection during the call")
            case .timedOut:
                return .failure("MCP tool '\(tool)' on server '\(name)' did not answer within \(timeout)")
            case .cancelled:
                return .failure("the call of MCP tool '\(tool)' was cancelled")
            }
        }

        /// The outcome for a call the server's death ended, once the exit is known.
        private func died(_ tool: String) async -> MCPCallOutcome? {
            guard await process.waitForExit(within: .milliseconds(500)) else { return nil }
            return .failure(
                "MCP server '\(name)' "
                    + Self.exitReason(process.exitStatus ?? -1, phase: "during the call of '\(tool)'", tail: stderrTail)
            )
        }

        /// Stops the server: stdin closed (a well-behaved server exits at EOF), then SIGTERM to its group after
        /// `grace`, then SIGKILL after `grace` again. Returns once the leader is reaped (its group is killed with it).
        func stop(grace: Duration) async {
            await Self.stop(process: process, transport: transport, grace: grace)
            await client.disconnect()
        }

        private static func stop(process: ServerProcess, transport: PipeTransport, grace: Duration) async {
            await transport.closeStdin()
            if await !process.waitForExit(within: grace) {
                process.signalGroup(SIGTERM)
                if await !process.waitForExit(within: grace) {
                    process.signalGroup(SIGKILL)
                    if await !process.waitForExit(within: .seconds(5)) {
                        // Unkillable (uninterruptible sleep): stop waiting for its pipes; the waiter still reaps it.
                        transport.abandon()
                        return
                    }
                }
            }
            // The leader's exit took the rest of its group down; return once none of it is left.
            _ = await process.waitForGroupGone(within: .seconds(2))
        }
    }
#endif
