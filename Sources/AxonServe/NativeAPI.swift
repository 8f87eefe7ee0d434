import AxonCore
import AxonRuntime
import AxonThreads
import AxonTrace
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// axon's own API (docs/serve.md): requests into named threads, as JSON or as a resumable event stream, and
/// what the session and the repo's data hold.
struct NativeAPI: Sendable {
    let runner: RequestRunner
    let logs: StreamLogs
    let workspace: Workspace

    var session: Session { runner.session }
    var options: ServeOptions { runner.options }

    func add(to router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in Response.json(["status": "ok"]) }
        router.get("/readyz") { _, _ in
            runner.isDraining
                ? Response.json(["status": "draining"], status: .serviceUnavailable)
                : Response.json(["status": "ready", "session": .string(session.id.rawValue)])
        }
        router.get("/v1/threads") { _, _ in threads() }
        router.get("/v1/threads/:thread") { _, context in thread(try context.parameters.require("thread")) }
        router.post("/v1/threads/:thread/requests") { request, context in
            try await post(request, thread: context.parameters.require("thread"))
        }
        router.get("/v1/threads/:thread/requests/:key/events") { request, context in
            let after =
                request.headers[.lastEventID].flatMap(SSE.parse)?.seq
                ?? request.uri.queryParameters.get("after").flatMap { Int($0) } ?? 0
            return resume(
                key: try context.parameters.require("key"), thread: try context.parameters.require("thread"),
                after: after)
        }
        router.delete("/v1/threads/:thread/requests/:key") { _, context in
            let key = try context.parameters.require("key")
            guard runner.cancel(key) else {
                return Response.error(APIError(.notFound, "not_found", "no request '\(key)' is running"))
            }
            return Response.json(["request": .string(key), "cancelled": true], status: .accepted)
        }
        router.get("/v1/sessions") { _, _ in
            do {
                return Response.json(
                    .array(try SessionCatalog(directory: workspace.sessionsDirectory).list().map(\.json)))
            } catch {
                return Response.error(APIError(.internalServerError, "internal", "\(error)"))
            }
        }
        router.get("/v1/tools") { _, _ in Response.json(await session.toolReport().json) }
    }

    // MARK: threads

    func threads() -> Response {
        do {
            return Response.json(.array(try ThreadCatalog.list(dataDirectory: workspace.root + "/data").map(\.json)))
        } catch {
            return Response.error(APIError(.internalServerError, "internal", "\(error)"))
        }
    }

    func thread(_ name: String) -> Response {
        if let problem = ThreadName.validate(name) { return Response.error(.badRequest(problem.description)) }
        let thread = ThreadName(name)
        do {
            let entries = try ThreadIndex(dataDirectory: workspace.root + "/data", thread: thread).all()
            guard !entries.isEmpty else {
                return Response.error(
                    APIError(.notFound, "not_found", "no thread '\(name)' (GET /v1/threads lists them)"))
            }
            let requests = try ThreadHistory.requests(
                of: entries, thread: thread, sessionsDirectory: workspace.sessionsDirectory)
            return Response.json(["thread": .string(name), "requests": .array(requests.map(\.json))])
        } catch {
            return Response.error(APIError(.internalServerError, "internal", "\(error)"))
        }
    }

    // MARK: requests

    func post(_ request: Request, thread name: String) async throws -> Response {
        if let problem = ThreadName.validate(name) { return Response.error(.badRequest(problem.description)) }
        let thread = ThreadName(name)
        // A reconnecting stream client repeats its request with the id of the last event it saw.
        if let last = request.headers[.lastEventID], let (key, seq) = SSE.parse(lastEventID: last) {
            return resume(key: key, thread: name, after: seq)
        }
        if request.wantsEventStream {
            let prompt: String
            switch await Self.prompt(of: request.body, limit: options.maxBodyBytes) {
            case .failure(let error): return Response.error(error)
            case .success(let text): prompt = text
            }
            if let refusal = runner.refusal(thread: thread) { return Response.error(refusal) }
            return stream(prompt: prompt, thread: thread)
        }
        // Answered when the request ends; a client that goes away before cancels it.
        let key = RequestRunner.newKey()
        let runner = runner
        return try await request.body.consumeWithInboundCloseHandler { body in
            let prompt: String
            switch await Self.prompt(of: body, limit: options.maxBodyBytes) {
            case .failure(let error): return Response.error(error, closing: true)
            case .success(let text): prompt = text
            }
            if let refusal = runner.refusal(thread: thread) { return Response.error(refusal, closing: true) }
            return Self.answer(await runner.run(key: key, prompt: prompt, thread: thread, onEvent: { _ in }), key: key)
        } onInboundClosed: {
            runner.cancel(key)
        }
    }

    /// The JSON answer to a finished request: 200 with the result (its `status` says how it ended), 504 when it
    /// ran out of time, or the error that kept it from running.
    static func answer(_ outcome: RequestRunner.Outcome, key: String) -> Response {
        switch outcome {
        case .done(let result, let timedOut):
            var json = result.json
            if case .object(var fields) = json {
                fields["key"] = .string(key)
                json = .object(fields)
            }
            var headers: HTTPFields = [:]
            headers[.axonThread] = result.thread.rawValue
            headers[.axonSession] = result.session.rawValue
            headers[.axonRequest] = key
            // Hummingbird closes a connection whose request watched for the client going away: say so, or a
            // client would send its next request into the closing connection.
            headers[.connection] = "close"
            return Response.json(json, status: timedOut ? .gatewayTimeout : .ok, headers: headers)
        case .failed(let error):
            return Response.error(APIError.from(error), closing: true)
        }
    }

    /// Starts the request detached from the connection and streams its events: the stream can be resumed.
    func stream(prompt: String, thread: ThreadName) -> Response {
        let key = RequestRunner.newKey()
        let runner = runner
        let log = StreamLog(key: key, thread: thread.rawValue, reconnectWindow: options.reconnectWindow) {
            runner.cancel(key)
        }
        logs.add(log)
        log.append(
            "start", ["key": .string(key), "thread": .string(thread.rawValue), "session": .string(session.id.rawValue)])
        let logs = logs
        Task {
            let outcome = await runner.run(key: key, prompt: prompt, thread: thread) { event in
                let (name, data) = SSE.native(event)
                log.append(name, data)
            }
            switch outcome {
            case .done(let result, let timedOut):
                log.append(timedOut ? "timeout" : "end", result.json, last: true)
            case .failed(let error):
                log.append("error", APIError.from(error).json, last: true)
            }
            logs.finished(key)
        }
        return Self.eventStream(log, after: 0)
    }

    /// The events of a streamed request after `after`, or 404 when serve no longer has it.
    func resume(key: String, thread: String, after: Int) -> Response {
        guard let log = logs.log(key), log.thread == thread else {
            return Response.error(
                APIError(
                    .notFound, "not_found",
                    "no stream '\(key)' on thread '\(thread)' (streams are kept 5 minutes after they end); "
                        + "GET /v1/threads/\(thread) has the thread's history"))
        }
        return Self.eventStream(log, after: after)
    }

    /// The `text/event-stream` response of `log` from `after`, with a keep-alive comment every 15 s.
    static func eventStream(_ log: StreamLog, after: Int) -> Response {
        var headers: HTTPFields = [:]
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        headers[.axonRequest] = log.key
        headers[.axonThread] = log.thread
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                let (frames, sink) = AsyncStream.makeStream(of: String.self)
                let pump = Task {
                    for await event in log.read(after: after) {
                        sink.yield(
                            SSE.frame(
                                id: SSE.eventID(key: log.key, seq: event.seq), event: event.name,
                                data: event.data.serialized()))
                    }
                    sink.finish()
                }
                let ticker = Task {
                    while true {
                        try await Task.sleep(for: .seconds(15))
                        sink.yield(SSE.keepAlive)
                    }
                }
                defer {
                    pump.cancel()
                    ticker.cancel()
                }
                for await frame in frames { try await writer.write(ByteBuffer(string: frame)) }
                try await writer.finish(nil)
            })
    }

    /// The `prompt` of a native request body (`{"prompt": "…"}`), or the 4xx that says what is wrong with it.
    static func prompt(of body: RequestBody, limit: Int) async -> Result<String, APIError> {
        switch await Self.json(of: body, limit: limit) {
        case .failure(let error): return .failure(error)
        case .success(let json):
            guard case .string(let prompt)? = json["prompt"], !prompt.isEmpty else {
                return .failure(
                    .badRequest("the body needs a non-empty string \"prompt\", as in {\"prompt\": \"hello\"}"))
            }
            return .success(prompt)
        }
    }

    /// The JSON object of a request body, or a 400/413 naming the problem.
    static func json(of body: RequestBody, limit: Int) async -> Result<JSONValue, APIError> {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            return .failure(APIError(.contentTooLarge, "request_too_large", "the body is over \(limit) bytes"))
        } catch {
            return .failure(.badRequest("the body could not be read: \(error)"))
        }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: Data(buffer.readableBytesView))
        } catch DecodingError.dataCorrupted(let context) {
            return .failure(.badRequest("the body is not valid JSON (\(context.debugDescription))"))
        } catch {
            return .failure(.badRequest("the body is not valid JSON (\(error))"))
        }
        guard case .object = json else { return .failure(.badRequest("the body must be a JSON object")) }
        return .success(json)
    }
}
