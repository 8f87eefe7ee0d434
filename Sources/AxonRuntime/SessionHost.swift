import AxonConfig
public import AxonControl
import AxonCore
import AxonThreads
import AxonTrace

/// Serves a session on its control socket (docs/control-protocol.md).
///
/// Requests from every client run one at a time, in arrival order (the session's own turn queue sees to
/// that: each line is handled in order and its request reaches the session before the next line's); events
/// stream back as they happen and each request ends with one `end` line (or an `error` line when it could not
/// run). `cancel` cancels the request's task: a running request ends with status `cancelled`, traced; a queued
/// one is answered with an `error` line, code `cancelled`, and leaves nothing in the trace. A client that
/// disconnects cancels its requests.
public actor SessionHost {
    public nonisolated let session: Session
    public nonisolated let server: ControlServer
    private let onShutdown: @Sendable () -> Void
    private var tasks: [Key: Task<Void, Never>] = [:]
    /// The thread each request in flight or queued writes (nil: the session's own), for `status`.
    private var threads: [Key: String] = [:]

    struct Key: Hashable {
        let connection: Int
        let id: String
    }

    /// - Parameter onShutdown: called when a client sends `shutdown` (the owner decides what ends).
    public init(session: Session, server: ControlServer, onShutdown: @escaping @Sendable () -> Void = {}) {
        self.session = session
        self.server = server
        self.onShutdown = onShutdown
    }

    /// Handles client lines until the server closes.
    public func serve() async {
        for await incoming in server.incoming {
            await handle(incoming)
        }
    }

    /// Cancels every request in flight or queued.
    public func cancelAll() {
        for task in tasks.values { task.cancel() }
    }

    /// Waits until every request in flight or queued has ended (each task removes itself when it ends).
    public func drain() async {
        while let task = tasks.values.first { await task.value }
    }

    var busy: Bool { !tasks.isEmpty }

    func handle(_ incoming: ControlServer.Incoming) async {
        switch incoming {
        case .disconnected(let connection):
            for (key, task) in tasks where key.connection == connection.number { task.cancel() }
        case .message(let message, let connection):
            switch message {
            case .request(let id, let prompt, let thread):
                start(id: id, prompt: prompt, thread: thread, on: connection)
            case .cancel(let id):
                guard let task = tasks[Key(connection: connection.number, id: id)] else {
                    connection.send(.error(id: id, code: "unknown_request", message: "no request '\(id)' is running"))
                    return
                }
                task.cancel()
            case .status(let id):
                connection.send(.status(id: id, fields: await statusFields()))
            case .shutdown(let id):
                cancelAll()
                connection.send(.status(id: id, fields: await statusFields()))
                onShutdown()
            case .snapshot(let id), .ack(let id):
                connection.send(
                    .error(
                        id: id, code: "unsupported",
                        message: "snapshot/ack are reserved for fleets; this session does not take them"))
            case .down(let id, _), .restart(let id, _):
                connection.send(
                    .error(
                        id: id, code: "unsupported",
                        message: "down/restart are for a fleet's supervisor socket, not a session's"))
            }
        }
    }

    func statusFields() async -> [String: JSONValue] {
        let totals = await session.totals
        return [
            "session": .string(session.id.rawValue), "agent": .string(session.agent.name.rawValue),
            "shape": .string(session.shape.rawValue), "requests": .int(totals.requests), "busy": .bool(busy),
            "queued": .int(tasks.count), "threads": .array(Set(threads.values).sorted().map { .string($0) }),
            "usage": totals.usage.json, "cost_usd": .double(totals.costUSD),
        ]
    }

    func start(id: String, prompt: String, thread: String?, on connection: ControlConnection) {
        let key = Key(connection: connection.number, id: id)
        guard tasks[key] == nil else {
            connection.send(.error(id: id, code: "duplicate_id", message: "request '\(id)' is already running"))
            return
        }
        if let thread, let problem = ThreadName.validate(thread) {
            connection.send(.error(id: id, code: "bad_request", message: problem.description))
            return
        }
        let session = session
        let task = Task {
            do throws(RuntimeError) {
                let result = try await session.request(prompt, thread: thread.map { ThreadName($0) }) { event in
                    connection.send(.event(id: id, event: Self.wire(event)))
                }
                connection.send(.end(id: id, result: result.json))
            } catch {
                connection.send(.error(id: id, code: Self.code(error), message: error.description))
            }
            await self.finished(key)
        }
        tasks[key] = task
        if let name = thread ?? session.defaultThread?.rawValue { threads[key] = name }
    }

    /// The control protocol's error code for a request that could not run.
    static func code(_ error: RuntimeError) -> String {
        if case .cancelled = error { return "cancelled" }
        return error.isUsageError ? "bad_request" : "request_failed"
    }

    func finished(_ key: Key) {
        tasks[key] = nil
        threads[key] = nil
    }

    static func wire(_ event: RequestEvent) -> ControlEvent {
        switch event {
        case .textDelta(let text): .text(text)
        case .toolCall(let call): .toolCall(callID: call.id, tool: call.name, arguments: call.arguments)
        case .toolResult(let callID, let ok, let content): .toolResult(callID: callID, ok: ok, content: content)
        case .turnEnded: .turnEnd
        case .retrying(let message): .retrying(message: message)
        }
    }
}
