import AxonCore
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A local model API for tests: speaks OpenAI Chat Completions (`POST …/chat/completions`) and Anthropic
/// Messages (`POST …/v1/messages`) on 127.0.0.1 at a free port, answering from a queue of `FakeReply`s and
/// recording every request.
///
/// ```swift
/// let server = try await FakeModelServer.start(replies: [
///     .error(status: 429, message: "slow down", headers: ["retry-after": "2"]), .text("Hel", "lo"),
/// ])
/// // point a provider at server.openAIBaseURL or server.anthropicBaseURL, then:
/// await server.stop()
/// ```
/// When the queue is empty the server answers with the fallback reply (a short text unless set).
public final class FakeModelServer: Sendable {
    public let port: Int
    private let script: FakeScript
    private let task: Task<Void, any Error>

    /// `base_url` for an `openai` model.
    public var openAIBaseURL: String { "http://127.0.0.1:\(port)/v1" }
    /// `base_url` for an `anthropic` model.
    public var anthropicBaseURL: String { "http://127.0.0.1:\(port)" }

    /// The requests received so far, in order.
    public var requests: [ReceivedRequest] { script.state.withLock { $0.received } }

    /// Starts a server answering with `replies` in order.
    public static func start(replies: [FakeReply] = []) async throws -> FakeModelServer {
        let script = FakeScript(replies: replies)
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let router = Router()
        router.post("**") { request, _ in try await script.respond(to: request) }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? 0)
                portSink.finish()
            },
            logger: Logger(label: "fake-model-server", factory: { _ in SwiftLogNoOpLogHandler() }))
        let task = Task { try await app.run() }
        var port = 0
        for await bound in ports { port = bound }
        return FakeModelServer(port: port, script: script, task: task)
    }

    private init(port: Int, script: FakeScript, task: Task<Void, any Error>) {
        self.port = port
        self.script = script
        self.task = task
    }

    /// Appends replies to the queue.
    public func enqueue(_ replies: FakeReply...) {
        script.state.withLock { $0.queue += replies }
    }

    /// Sets the reply used when the queue is empty.
    public func setFallback(_ reply: FakeReply) {
        script.state.withLock { $0.fallback = reply }
    }

    /// Releases hung replies and shuts the server down.
    public func stop() async {
        script.state.withLock { $0.stopped = true }
        task.cancel()
        _ = await task.result
    }
}

/// The queue and the record, shared by the server handle and its request handler.
final class FakeScript: Sendable {
    struct State {
        var queue: [FakeReply]
        var fallback: FakeReply = .text("(fake model: no scripted reply)")
        var received: [ReceivedRequest] = []
        var stopped = false
    }

    let state: Mutex<State>

    init(replies: [FakeReply]) {
        state = Mutex(State(queue: replies))
    }

    func respond(to request: Request) async throws -> Response {
        var request = request
        let bytes = try await request.collectBody(upTo: 32 * 1024 * 1024)
        let text = String(buffer: bytes)
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { $0 + ", " + field.value } ?? field.value
        }
        let path = request.uri.path
        let body = try? JSONValue(parsing: text)
        let reply = state.withLock { state in
            state.received.append(
                ReceivedRequest(method: request.method.rawValue, path: path, headers: headers, body: body))
            return state.queue.isEmpty ? state.fallback : state.queue.removeFirst()
        }
        let wire: FakeWire = path.hasSuffix("/messages") ? .anthropic : .openai
        let model = body?["model"]?.stringValue ?? "fake"
        return render(reply, wire: wire, model: model)
    }

    private func render(_ reply: FakeReply, wire: FakeWire, model: String) -> Response {
        var fields = HTTPFields()
        for (name, value) in reply.headers {
            if let name = HTTPField.Name(name) { fields[name] = value }
        }
        let status = HTTPResponse.Status(code: reply.status)
        if let raw = reply.rawBody {
            fields[.contentType] = reply.contentType
            return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: raw)))
        }
        guard reply.status == 200 else {
            fields[.contentType] = "application/json"
            return Response(
                status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: reply.errorBody(wire))))
        }
        guard reply.streaming else {
            fields[.contentType] = "application/json"
            return Response(
                status: status, headers: fields,
                body: .init(byteBuffer: ByteBuffer(string: reply.wholeBody(wire, model: model))))
        }
        fields[.contentType] = "text/event-stream"
        fields[.cacheControl] = "no-cache"
        let events = reply.events(wire, model: model)
        return Response(
            status: status, headers: fields,
            body: ResponseBody { writer in
                for (n, event) in events.enumerated() {
                    if n == reply.hangAfterChunks { try await self.hang() }
                    if n == reply.errorAfterChunks {
                        try await writer.write(ByteBuffer(string: reply.streamErrorEvent(wire)))
                        break
                    }
                    if n == reply.dropAfterChunks {
                        // Let the chunks already written reach the client before the connection is cut; on a
                        // loaded 2-core machine 50 ms was not always enough for both event loops to run.
                        try await Task.sleep(for: .milliseconds(500))
                        throw FakeServerDrop()
                    }
                    var bytes = reply.keepAlives ? reply.keepAlive(wire) : ""
                    bytes += event
                    let size = reply.writeSize ?? bytes.utf8.count
                    let utf8 = Array(bytes.utf8)
                    var start = 0
                    while start < utf8.count {
                        let end = min(utf8.count, start + max(1, size))
                        try await writer.write(ByteBuffer(bytes: utf8[start..<end]))
                        start = end
                    }
                }
                try await writer.finish(nil)
            })
    }

    /// Writes nothing until the server stops (or the client goes away and the handler is cancelled).
    private func hang() async throws {
        while !state.withLock({ $0.stopped }) {
            try await Task.sleep(for: .milliseconds(20))
        }
        throw FakeServerDrop()
    }
}

/// Thrown inside a response body to make the server cut the connection.
struct FakeServerDrop: Error {}
