import AxonCore
import AxonModels
import AxonProviders
import AxonTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct RetryAndFailureTests {
    @Test func status429WithRetryAfterThenSuccess() async throws {
        let clock = InstantClock()
        let server = try await FakeModelServer.start(replies: [
            .error(status: 429, type: "rate_limit_exceeded", message: "Slow down", headers: ["retry-after": "2"]),
            .text("after the wait"),
        ])
        let outcome = await Harness.run(Harness.openAI(server, clock: clock))
        await server.stop()
        #expect(outcome.error == nil)
        #expect(outcome.text == "after the wait")
        #expect(clock.sleeps == [.seconds(2)], "retry-after honoured on the injected clock")
        let retry = try #require(outcome.retries.first)
        #expect(outcome.retries.count == 1)
        #expect(retry.code == "http_429")
        #expect(retry.wait == .seconds(2))
        #expect(retry.message.hasPrefix("429 from \(server.openAIBaseURL): rate limited"))
        #expect(retry.message.contains("Slow down"))
        #expect(retry.message.hasSuffix("retrying in 2s (attempt 2 of 4)"))
        #expect(outcome.events.first == .attemptFailed(code: retry.code, message: retry.message, retryIn: .seconds(2)))
        #expect(server.requests.count == 2)
    }

    @Test func serverErrorsBackOffExponentiallyThenGiveUp() async throws {
        let clock = InstantClock()
        let server = try await FakeModelServer.start()
        server.setFallback(.error(status: 503, message: "unavailable"))
        let outcome = await Harness.run(Harness.openAI(server, clock: clock))
        await server.stop()
        #expect(clock.sleeps == [.milliseconds(250), .milliseconds(500), .seconds(1)])
        #expect(server.requests.count == 4)
        #expect(
            outcome.modelError?.description
                == "503 from \(server.openAIBaseURL): the provider failed after 4 attempts; try again later (unavailable)"
        )
    }

    @Test func status500ThenSuccess() async throws {
        let server = try await FakeModelServer.start(replies: [.error(status: 500, message: "oops"), .text("ok")])
        let outcome = await Harness.run(Harness.openAI(server))
        await server.stop()
        #expect(outcome.text == "ok")
        #expect(outcome.retries.map(\.code) == ["http_500"])
    }

    @Test func unauthorizedNamesTheKeyVariableAndIsNotRetried() async throws {
        let key = "sk-secret-0123456789"
        let server = try await FakeModelServer.start(replies: [
            .error(status: 401, type: "invalid_api_key", message: "Incorrect API key provided: \(key)")
        ])
        let outcome = await Harness.run(Harness.openAI(server, key: key))
        await server.stop()
        let description = try #require(outcome.modelError?.description)
        #expect(description.hasPrefix("401 from \(server.openAIBaseURL): check OPENAI_API_KEY"))
        #expect(!description.contains(key), "the key never appears in an error")
        #expect(description.contains("[redacted]"))
        #expect(server.requests.count == 1)
    }

    @Test func notFoundAndBadRequestCarryTheProvidersMessage() async throws {
        let server = try await FakeModelServer.start(replies: [
            .error(status: 404, type: "model_not_found", message: "The model `gpt-9` does not exist"),
            .error(status: 400, type: "invalid_request_error", message: "messages: too many"),
        ])
        let notFound = await Harness.run(Harness.openAI(server))
        let bad = await Harness.run(Harness.openAI(server))
        await server.stop()
        #expect(
            notFound.modelError?.description
                == "404 from \(server.openAIBaseURL): model 'gpt-4.1-mini' not found; check `model` and `base_url` in "
                + "fleet.yaml (The model `gpt-9` does not exist)")
        #expect(
            bad.modelError?.description
                == "400 from \(server.openAIBaseURL): the provider rejected the request (messages: too many)")
        #expect(server.requests.count == 2)
    }

    @Test func quotaExhaustionIsNotRetried() async throws {
        let server = try await FakeModelServer.start(replies: [
            .error(status: 429, type: "insufficient_quota", message: "You exceeded your current quota")
        ])
        let outcome = await Harness.run(Harness.openAI(server))
        await server.stop()
        #expect(outcome.modelError?.description.contains("out of quota") == true)
        #expect(server.requests.count == 1)
    }

    @Test func aDroppedConnectionAfterOutputIsNotRetried() async throws {
        // Chunk 0 is the role chunk; chunks 1 and 2 carry text; the connection drops before chunk 3.
        let server = try await FakeModelServer.start(replies: [
            FakeReply.text("one ", "two ", "three").with { $0.dropAfterChunks = 3 }, .text("never"),
        ])
        let outcome = await Harness.run(Harness.openAI(server))
        await server.stop()
        #expect(outcome.text.hasPrefix("one "))
        guard case .interrupted(let endpoint, _)? = outcome.modelError else {
            Issue.record("expected .interrupted, got \(String(describing: outcome.error))")
            return
        }
        #expect(endpoint == server.openAIBaseURL)
        #expect(outcome.retries.isEmpty)
        #expect(server.requests.count == 1)
    }

    @Test func aDroppedConnectionBeforeOutputIsRetried() async throws {
        let server = try await FakeModelServer.start(replies: [
            FakeReply.text("lost").with { $0.dropAfterChunks = 1 }, .text("recovered"),
        ])
        let outcome = await Harness.run(Harness.openAI(server))
        await server.stop()
        #expect(outcome.error == nil)
        #expect(outcome.text == "recovered")
        #expect(outcome.retries.count == 1)
    }

    @Test(.timeLimit(.minutes(1))) func aHungStreamHitsTheIdleTimeout() async throws {
        let server = try await FakeModelServer.start(replies: [
            FakeReply.text("start ", "never finished").with { $0.hangAfterChunks = 2 }
        ])
        let started = ContinuousClock.now
        // 3 s, not less: in a full parallel run on 2 cores (MCP servers and tool processes starting beside it)
        // the first chunk once took more than 1 s to arrive.
        let outcome = await Harness.run(
            Harness.openAI(server, options: Harness.options(attempts: 1, idle: .seconds(3))))
        let elapsed = started.duration(to: .now)
        await server.stop()
        #expect(outcome.text == "start ")
        guard case .interrupted(_, let message)? = outcome.modelError else {
            Issue.record("expected .interrupted, got \(String(describing: outcome.error))")
            return
        }
        #expect(message.contains("no data for 3s (idle timeout)"))
        // Only that the idle timeout ended it, not the 30 s overall one (a loaded 2-core run took 5.3 s with 1 s).
        #expect(elapsed < .seconds(20))
    }

    @Test(.timeLimit(.minutes(1))) func aHangBeforeOutputTimesOutAndIsRetried() async throws {
        let server = try await FakeModelServer.start(replies: [
            FakeReply.text("never").with { $0.hangAfterChunks = 0 }, .text("second"),
        ])
        // 3 s: the retried attempt's first chunk must arrive within the idle window even when the in-process
        // server shares two loaded cores with other suites.
        let outcome = await Harness.run(Harness.openAI(server, options: Harness.options(idle: .seconds(3))))
        await server.stop()
        #expect(outcome.text == "second")
        #expect(outcome.retries.map(\.code) == ["idle_timeout"])
    }

    @Test func connectionRefusedIsRetriedThenReported() async throws {
        let clock = InstantClock()
        // A port bound but never listened on refuses every connect, and no other test can take it meanwhile
        // (a stopped server's port was once reused by another test's server: "connection reset").
        let (fd, port) = try Self.refusingPort()
        defer { close(fd) }
        let url = "http://127.0.0.1:\(port)/v1"
        // AsyncHTTPClient keeps retrying a refused connect until the connect timeout: keep that short here.
        var options = Harness.options(attempts: 2)
        options.connectTimeout = .milliseconds(300)
        let provider = OpenAICompatibleProvider(
            model: "m", baseURL: url, apiKey: nil, options: options, clock: clock, jitter: { 0 })
        let outcome = await Harness.run(provider)
        #expect(outcome.retries.map(\.code) == ["connection"])
        let description = try #require(outcome.modelError?.description)
        #expect(description.hasPrefix("cannot reach \(url): connection refused after 2 attempts"))
        #expect(description.hasSuffix("check `base_url` in fleet.yaml and the network"))
    }

    @Test(.timeLimit(.minutes(1))) func cancellingTheConsumerCancelsTheRequest() async throws {
        let server = try await FakeModelServer.start(replies: [
            FakeReply.text("first ", "hang").with { $0.hangAfterChunks = 2 }
        ])
        let provider = Harness.openAI(server, options: Harness.options(idle: .seconds(60)))
        let (firstText, firstTextSink) = AsyncStream.makeStream(of: Void.self)
        let consumer = Task {
            var events: [ModelEvent] = []
            do {
                for try await event in provider.stream(Harness.request) {
                    events.append(event)
                    firstTextSink.yield()
                }
            } catch {}
            return events
        }
        for await _ in firstText { break }
        let started = ContinuousClock.now
        consumer.cancel()
        let events = await consumer.value
        #expect(started.duration(to: .now) < .seconds(20), "cancellation is prompt, not the 60 s idle timeout")
        #expect(events == [.textDelta("first ")])
        await server.stop()
    }

    /// A TCP socket bound to a free loopback port without `listen`: connects to it are refused.
    static func refusingPort() throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}
