import AsyncHTTPClient
import AxonConfig
import AxonCore
import AxonRuntime
import AxonTesting
import AxonTrace
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

@testable import AxonServe

/// The native API over real HTTP: a session on the replay model behind `Server`, called with AsyncHTTPClient.
@Suite(.timeLimit(.minutes(2))) struct ServeHTTPTests {
    static let script = """
        rules:
          - match: slow
            turns:
              - text: "one two three"
                delay_ms: 150
        default:
          - text: "echo: {{prompt}}"
        """

    /// A running server over a fresh workspace; `stop()` ends it and the session.
    struct Running {
        let ws: TemporaryWorkspace
        let session: Session
        let port: Int
        let stopSink: AsyncStream<Void>.Continuation
        let task: Task<Server.Stopped, any Error>
        var base: String { "http://127.0.0.1:\(port)" }

        func stop() async throws -> Server.Stopped {
            stopSink.yield()
            let stopped = try await task.value
            await session.end(reason: "signal")
            return stopped
        }

        func trace() throws -> [JSONValue] {
            try TraceLines.read(ws.sessionsDirectory + "/" + session.id.rawValue + ".jsonl")
        }
    }

    func start(_ options: ServeOptions = ServeOptions(port: 0)) async throws -> Running {
        let ws = try TemporaryWorkspace(files: ["script.yaml": Self.script])
        let config = FleetConfig(
            models: ["offline": ModelSpec(key: "offline", provider: .replay, script: "script.yaml")],
            agents: ["default": AgentSpec(name: "default", model: "offline")], agentOrder: ["default"])
        let session = try await Session.start(
            config: config, agent: "default", shape: .serve, workspace: Workspace(root: ws.path), environment: [:],
            concurrency: options.concurrency)
        let (stop, stopSink) = AsyncStream.makeStream(of: Void.self)
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            try await Server.run(session: session, workspace: Workspace(root: ws.path), options: options, stop: stop) {
                portSink.yield($0)
                portSink.finish()
            }
        }
        var port = 0
        for await bound in ports { port = bound }
        return Running(ws: ws, session: session, port: port, stopSink: stopSink, task: task)
    }

    struct Reply {
        let status: Int
        let headers: HTTPHeaders
        let body: String
        var json: JSONValue? { try? JSONValue(parsing: body) }
    }

    func send(
        _ method: HTTPMethod, _ url: String, body: String? = nil, headers: [(String, String)] = []
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        // A client per request: the shared one's pool may hold a request back for a connection it is closing.
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        defer { _ = client.shutdown() }
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 24)
        return Reply(status: Int(response.status.code), headers: response.headers, body: String(buffer: bytes))
    }

    func post(_ running: Running, thread: String, prompt: String, headers: [(String, String)] = []) async throws
        -> Reply
    {
        try await send(
            .POST, running.base + "/v1/threads/\(thread)/requests",
            body: JSONValue.object(["prompt": .string(prompt)]).serialized(),
            headers: headers)
    }

    /// The `(id, event, data)` of each event of an SSE body.
    static func events(_ body: String) -> [(id: String, event: String, data: JSONValue)] {
        body.components(separatedBy: "\n\n").compactMap { block in
            var id = ""
            var event = ""
            var data = ""
            for line in block.split(separator: "\n") {
                if line.hasPrefix("id: ") { id = String(line.dropFirst(4)) }
                if line.hasPrefix("event: ") { event = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data += line.dropFirst(6) }
            }
            guard !event.isEmpty, let json = try? JSONValue(parsing: data) else { return nil }
            return (id, event, json)
        }
    }

    @Test func aRequestOnAThreadAnswersWithTheResultAndTheThreadRemembersIt() async throws {
        let running = try await start()
        defer { running.ws.remove() }
        let first = try await post(running, thread: "design", prompt: "hello")
        #expect(first.status == 200, "\(first.body)")
        #expect(first.json?["text"]?.stringValue == "echo: hello")
        #expect(first.json?["thread"]?.stringValue == "design")
        #expect(first.headers["X-Axon-Session"].first == running.session.id.rawValue)
        _ = try await post(running, thread: "design", prompt: "again")
        let history = try await send(.GET, running.base + "/v1/threads/design")
        #expect(history.json?["requests"]?.arrayValue?.compactMap { $0["prompt"]?.stringValue } == ["hello", "again"])
        let threads = try await send(.GET, running.base + "/v1/threads")
        #expect(threads.json?.arrayValue?.first?["thread"]?.stringValue == "design")
        #expect(try await send(.GET, running.base + "/v1/threads/nothing").status == 404)
        let sessions = try await send(.GET, running.base + "/v1/sessions")
        #expect(sessions.json?.arrayValue?.first?["shape"]?.stringValue == "serve")
        let tools = try await send(.GET, running.base + "/v1/tools")
        #expect(tools.json?["tools"]?.arrayValue?.contains { $0["name"]?.stringValue == "read_file" } == true)
        #expect(try await send(.GET, running.base + "/healthz").status == 200)
        #expect(try await send(.GET, running.base + "/readyz").json?["status"]?.stringValue == "ready")
        _ = try await running.stop()
        let types = try running.trace().compactMap { $0["type"]?.stringValue }
        #expect(types.first == "session.start" && types.last == "session.end")
        #expect(types.count { $0 == "request.start" } == 2)
    }

    @Test func badBodiesAreRefusedWithTheProblemNamed() async throws {
        var options = ServeOptions(port: 0)
        options.maxBodyBytes = 64
        let running = try await start(options)
        defer { running.ws.remove() }
        let url = running.base + "/v1/threads/t/requests"
        let broken = try await send(.POST, url, body: "{\"prompt\": ")
        #expect(broken.status == 400 && broken.body.contains("not valid JSON"), "\(broken.body)")
        let noPrompt = try await send(.POST, url, body: "{\"text\": \"x\"}")
        #expect(noPrompt.status == 400 && noPrompt.body.contains("\\\"prompt\\\""), "\(noPrompt.body)")
        let big = try await send(.POST, url, body: "{\"prompt\": \"" + String(repeating: "x", count: 200) + "\"}")
        #expect(big.status == 413, "\(big.body)")
        let badThread = try await send(.POST, running.base + "/v1/threads/-x/requests", body: "{\"prompt\": \"x\"}")
        #expect(badThread.status == 400 && badThread.body.contains("invalid thread name"))
        _ = try await running.stop()
        #expect(try running.trace().allSatisfy { $0["type"]?.stringValue != "request.start" }, "nothing ran")
    }

    @Test func differentThreadsRunAtOnceAndOneThreadRunsItsRequestsInTurn() async throws {
        let running = try await start()
        defer { running.ws.remove() }
        async let a = post(running, thread: "a", prompt: "slow a")
        #expect(await eventually { running.session.queue(on: "a").running })
        async let b = post(running, thread: "b", prompt: "slow b")
        async let a2 = post(running, thread: "a", prompt: "slow a2")
        let replies = try await [a, b, a2]
        #expect(replies.allSatisfy { $0.status == 200 }, "\(replies.map(\.body))")
        _ = try await running.stop()
        let lines = try running.trace()
        func index(_ type: String, _ prompt: String) -> Int? {
            let request = lines.first {
                $0["type"]?.stringValue == "request.start" && $0["prompt"]?.stringValue == prompt
            }?["request"]
            return lines.firstIndex { $0["type"]?.stringValue == type && $0["request"] == request }
        }
        let (aStart, aEnd) = (
            try #require(index("request.start", "slow a")), try #require(index("request.end", "slow a"))
        )
        let (bStart, bEnd) = (
            try #require(index("request.start", "slow b")), try #require(index("request.end", "slow b"))
        )
        let a2Start = try #require(index("request.start", "slow a2"))
        #expect(
            max(aStart, bStart) < min(aEnd, bEnd),
            "a and b overlap in the trace: \(lines.map { ($0["type"]?.stringValue ?? "", $0["request"]?.stringValue ?? "") })"
        )
        #expect(a2Start > aEnd, "a2 starts only after a ended")
    }

    @Test func aFullThreadQueueIsRefusedWith429AndRetryAfter() async throws {
        var options = ServeOptions(port: 0)
        options.queue = 0
        let running = try await start(options)
        defer { running.ws.remove() }
        async let slow = post(running, thread: "t", prompt: "slow")
        #expect(await eventually { running.session.queue(on: "t").running })
        let refused = try await post(running, thread: "t", prompt: "second")
        #expect(refused.status == 429, "\(refused.body)")
        #expect(refused.headers["retry-after"].first == "1")
        #expect(refused.json?["error"]?["type"]?.stringValue == "thread_queue_full")
        let other = try await post(running, thread: "other", prompt: "fine")
        #expect(other.status == 200)
        #expect(try await slow.status == 200)
        _ = try await running.stop()
    }

    @Test func aStreamCarriesNumberedEventsAndAReconnectGetsWhatItMissed() async throws {
        let running = try await start()
        defer { running.ws.remove() }
        let stream = try await post(running, thread: "s", prompt: "slow", headers: [("Accept", "text/event-stream")])
        #expect(stream.status == 200)
        #expect(stream.headers["Content-Type"].first == "text/event-stream")
        let events = Self.events(stream.body)
        #expect(events.first?.event == "start")
        #expect(events.last?.event == "end")
        #expect(events.last?.data["text"]?.stringValue == "one two three")
        let key = try #require(events.first?.data["key"]?.stringValue)
        #expect(events.map(\.id) == (1...events.count).map { "\(key):\($0)" })
        // A client that saw the first three events asks again, both ways.
        let resumed = try await send(
            .GET, running.base + "/v1/threads/s/requests/\(key)/events", headers: [("Last-Event-ID", "\(key):3")])
        #expect(Self.events(resumed.body).map(\.id) == events.dropFirst(3).map(\.id))
        let reposted = try await post(
            running, thread: "s", prompt: "slow",
            headers: [("Accept", "text/event-stream"), ("Last-Event-ID", "\(key):3")])
        #expect(Self.events(reposted.body).map(\.id) == events.dropFirst(3).map(\.id))
        let unknown = try await send(.GET, running.base + "/v1/threads/s/requests/rq_000000000000/events")
        #expect(unknown.status == 404)
        _ = try await running.stop()
        #expect(
            try running.trace().count { $0["type"]?.stringValue == "request.start" } == 1, "the reconnects ran nothing")
    }

    @Test func tokensGuardEveryRouteButHealth() async throws {
        let ws = try TemporaryWorkspace(files: ["tokens": "limited writer\n"])
        defer { ws.remove() }
        var options = ServeOptions(port: 0)
        options.tokens = try TokenSet.load(environment: ["AXON_API_TOKEN": "right"], file: ws.path + "/tokens")
        let running = try await start(options)
        defer { running.ws.remove() }
        let none = try await post(running, thread: "t", prompt: "hi")
        #expect(none.status == 401 && none.body.contains("Authorization: Bearer"), "\(none.body)")
        let wrong = try await post(running, thread: "t", prompt: "hi", headers: [("Authorization", "Bearer nope")])
        #expect(wrong.status == 401)
        let limited = try await post(running, thread: "t", prompt: "hi", headers: [("Authorization", "Bearer limited")])
        #expect(limited.status == 403 && limited.body.contains("serves agent 'default'"), "\(limited.body)")
        let right = try await post(running, thread: "t", prompt: "hi", headers: [("Authorization", "Bearer right")])
        #expect(right.status == 200)
        let key = try await post(running, thread: "t", prompt: "hi", headers: [("x-api-key", "right")])
        #expect(key.status == 200)
        #expect(try await send(.GET, running.base + "/healthz").status == 200)
        #expect(try await send(.GET, running.base + "/v1/threads").status == 401)
        _ = try await running.stop()
    }

    @Test func stoppingLetsRunningRequestsFinishWithinTheGraceAndCancelsTheRest() async throws {
        var options = ServeOptions(port: 0)
        options.shutdownGrace = .milliseconds(50)
        let running = try await start(options)
        defer { running.ws.remove() }
        async let slow = post(running, thread: "t", prompt: "slow")
        #expect(await eventually { running.session.queue(on: "t").running })
        let stopped = try await running.stop()
        #expect(stopped.cancelled == 1)
        let reply = try await slow
        #expect(reply.json?["status"]?.stringValue == "cancelled", "\(reply.body)")
        let ends = try running.trace().filter { $0["type"]?.stringValue == "request.end" }
        #expect(ends.map { $0["status"]?.stringValue } == ["cancelled"])
    }
}
