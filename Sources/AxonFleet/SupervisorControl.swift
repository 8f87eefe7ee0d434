#if os(Linux)
    public import AxonControl
    public import AxonCore
    import Foundation

    /// The supervisor's side of its control socket (`.axon/fleet/supervisor.sock`): the session control protocol
    /// (docs/control-protocol.md) with the fleet's own messages — `status` (the fleet's state, for `axon ps`),
    /// `down` (and `shutdown`: stop the fleet), `restart` (an instance or an agent). A session's messages
    /// (`request`, `cancel`, …) are answered `unsupported`: requests go to an agent's own socket.
    public enum SupervisorControl {
        /// Answers the clients of `server` until it closes.
        public static func serve<C>(_ supervisor: Supervisor<C>, server: ControlServer) async {
            // Discarding: a supervisor answers `ps` for days; finished handlers must not pile up in the group.
            await withDiscardingTaskGroup { group in
                for await incoming in server.incoming {
                    guard case .message(let message, let connection) = incoming else { continue }
                    group.addTask {
                        await handle(message, from: connection, supervisor: supervisor)
                    }
                }
            }
        }

        static func handle<C>(
            _ message: ControlRequest, from connection: ControlConnection, supervisor: Supervisor<C>
        ) async {
            switch message {
            case .status(let id):
                let status = await supervisor.status()
                connection.send(.status(id: id, fields: status.fields))
            case .down(let id, let timeout):
                await stop(supervisor, timeout: timeout.map { .milliseconds($0) }, id: id, connection)
            case .shutdown(let id):
                await stop(supervisor, timeout: nil, id: id, connection)
            case .restart(let id, let target):
                let ids: [String]
                do throws(FleetTarget.Failure) {
                    ids = try FleetTarget.resolve(target, in: await supervisor.instanceIDs())
                } catch {
                    connection.send(.error(id: id, code: "unknown_agent", message: error.description))
                    return
                }
                let overBudget = await supervisor.overBudget(ids)
                guard overBudget.isEmpty else {
                    let reasons = overBudget.map { "\($0.id): \($0.reason)" }.joined(separator: "; ")
                    connection.send(
                        .error(
                            id: id, code: "over_budget",
                            message: reasons + "; raise the budget in fleet.yaml to run it again"))
                    return
                }
                guard await supervisor.restart(ids) else {
                    connection.send(.error(id: id, code: "stopping", message: "the fleet is stopping"))
                    return
                }
                connection.send(.status(id: id, fields: ["restarted": .array(ids.map { .string($0) })]))
            case .request(let id, _, _), .cancel(let id):
                unsupported(id, connection)
            case .snapshot(let id), .ack(let id):
                unsupported(id, connection)
            }
        }

        /// Answers at once (the stop takes up to the stop timeout); the client sees the socket close when the
        /// supervisor is done.
        static func stop<C>(
            _ supervisor: Supervisor<C>, timeout: Duration?, id: String?, _ connection: ControlConnection
        ) async {
            var status = await supervisor.status()
            status.phase = "stopping"
            connection.send(.status(id: id, fields: status.fields))
            Task { await supervisor.stop(timeout: timeout) }
        }

        static func unsupported(_ id: String?, _ connection: ControlConnection) {
            connection.send(
                .error(
                    id: id, code: "unsupported",
                    message: "this is the fleet's supervisor socket: send requests to an agent (axon request -a AGENT)")
            )
        }

        /// One request on the control socket at `path` and its first answer, or nil (no socket, no answer
        /// within `timeout`).
        public static func ask(_ path: String, _ request: ControlRequest, timeout: Duration) async -> ControlReply? {
            // connect(2) may block (a full backlog): on a thread of its own.
            let client = await BlockingWork.run(name: "axon-connect") { try? ControlClient(path: path) }
            guard let client else { return nil }
            defer { client.close() }
            guard (try? client.send(request)) != nil else { return nil }
            return await withTaskGroup(of: ControlReply?.self) { group in
                group.addTask {
                    for await reply in client.replies { return reply }
                    return nil
                }
                group.addTask {
                    try? await Task.sleep(for: timeout)
                    return nil
                }
                let first = await group.next() ?? nil
                // Ends the reader (its stream finishes) and the timer.
                client.close()
                group.cancelAll()
                return first
            }
        }
    }

    extension ControlReply {
        /// The fields of a `status` reply.
        public var fields: [String: JSONValue]? {
            if case .status(_, let fields) = self { return fields }
            return nil
        }
    }
#endif
