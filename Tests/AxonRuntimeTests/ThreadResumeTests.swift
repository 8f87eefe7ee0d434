import AxonConfig
import AxonCore
import AxonModels
import AxonTesting
import AxonThreads
import AxonTrace
import Foundation
import Synchronization
import Testing

@testable import AxonRuntime

/// A model that answers like the replay model and records every request it is sent.
final class RecordingProvider: ModelProvider {
    let provider = "replay"
    let model = "recording"
    let sent = Mutex<[ModelRequest]>([])
    private let replay = ReplayProvider(
        script: ReplayScript(
            rules: [.init(match: "summarise the conversation", turns: [.init(text: "SUMMARY of it all")])],
            fallback: [.init(text: "answer to {{prompt}}")]))

    func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error> {
        sent.withLock { $0.append(request) }
        return replay.stream(request)
    }

    var requests: [ModelRequest] { sent.withLock { $0 } }
}

@Suite(.serialized) struct ThreadResumeTests {
    func session(_ ws: TemporaryWorkspace, _ provider: RecordingProvider, contextTokens: Int? = nil) throws -> Session {
        let workspace = Workspace(root: ws.path)
        let spec = ModelSpec(
            key: "m", provider: .replay, contextTokens: contextTokens, maxTokens: contextTokens.map { _ in 10 })
        let id = SessionID.make()
        return Session(
            id: id, agent: AgentSpec(name: "default"), shape: .oneshot,
            model: ResolvedModel(spec: spec, provider: provider, banner: nil),
            writer: try TraceWriter(directory: workspace.sessionsDirectory, session: id),
            systemPrompt: "sys", workspace: workspace,
            threadLease: FileThreadLease(directory: workspace.stateDirectory + "/threads"))
    }

    /// Every assistant tool call is answered before the next non-tool message.
    func wellPaired(_ messages: [Message]) -> Bool { ThreadHistory.repairToolPairs(messages) == messages }

    @Test func aNamedThreadResumesInALaterSessionAndOtherThreadsStayApart() async throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let p1 = RecordingProvider()
        let s1 = try session(ws, p1)
        _ = try await s1.request("remember the schema is v2", thread: "alpha")
        _ = try await s1.request("unrelated", thread: "beta")
        await s1.end(reason: "completed")

        let p2 = RecordingProvider()
        let s2 = try session(ws, p2)
        let result = try await s2.request("what was the schema?", thread: "alpha")
        _ = try await s2.request("third thread", thread: "gamma")
        await s2.end(reason: "completed")

        #expect(result.status == .ok)
        let sent = p2.requests[0].messages
        #expect(sent.map(\.role) == [.user, .assistant, .user])
        #expect(sent[0].content == "remember the schema is v2")
        #expect(sent[1].content == "answer to remember the schema is v2")
        #expect(!sent.contains { $0.content == "unrelated" })
        #expect(p2.requests[1].messages.count == 1, "a new thread starts empty")
        let alpha = try ThreadIndex(dataDirectory: ws.path + "/data", thread: "alpha").all()
        #expect(alpha.map(\.n) == [1, 2])
    }

    @Test func theSessionsOwnThreadRemembersWithinTheSessionOnly() async throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let p = RecordingProvider()
        let s = try session(ws, p)
        _ = try await s.request("one")
        _ = try await s.request("two")
        await s.end(reason: "completed")
        #expect(p.requests[1].messages.map(\.content) == ["one", "answer to one", "two"])
        #expect((try? FileManager.default.contentsOfDirectory(atPath: ws.path + "/data/threads")) == nil)
    }

    @Test func historyBeyondTheBudgetIsCompactedAndResumeStartsFromTheSummary() async throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        // ~60 tokens of history fit; each request adds ~25.
        for i in 1...6 {
            let p = RecordingProvider()
            let s = try session(ws, p, contextTokens: 100)
            _ = try await s.request("request number \(i) with some padding text", thread: "long")
            await s.end(reason: "completed")
            for r in p.requests { #expect(wellPaired(r.messages)) }
        }
        let entries = try ThreadIndex(dataDirectory: ws.path + "/data", thread: "long").all()
        let compactions = entries.filter { $0.kind == .compaction }
        #expect(!compactions.isEmpty)

        let p = RecordingProvider()
        let s = try session(ws, p, contextTokens: 100)
        _ = try await s.request("after compaction", thread: "long")
        await s.end(reason: "completed")
        let first = try #require(p.requests.last?.messages.first?.content)
        #expect(first.hasPrefix(ThreadHistory.summaryPreamble))
        #expect(first.contains("SUMMARY of it all"))

        // The compaction is traced with what it replaced.
        let traces = ws.traceFiles().flatMap { (try? TraceReader.read(path: $0).entries) ?? [] }
        let traced = traces.compactMap { e -> [RequestID]? in
            if case .compaction(let replaces, _) = e.event { return replaces }
            return nil
        }
        #expect(traced.count == compactions.count)
        #expect(traced.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.rawValue.contains("/r") } })
    }

    @Test func theRebuiltIndexEqualsTheOriginalByteForByte() async throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        for i in 1...5 {
            let s = try session(ws, RecordingProvider(), contextTokens: 100)
            _ = try await s.request("message \(i) padded to grow the thread quickly", thread: "x")
            _ = try await s.request("other \(i)", thread: "y")
            await s.end(reason: "completed")
        }
        let x = try ws.read("data/threads/x.jsonl")
        let y = try ws.read("data/threads/y.jsonl")
        try FileManager.default.removeItem(atPath: ws.path + "/data/threads")
        let counts = try ThreadReindexer.rebuild(
            sessionsDirectory: ws.sessionsDirectory, dataDirectory: ws.path + "/data")
        #expect(counts.count == 2)
        #expect(try ws.read("data/threads/x.jsonl") == x)
        #expect(try ws.read("data/threads/y.jsonl") == y)
        #expect(x.contains("\"type\":\"compaction\""))
    }

    @Test func twoRequestsOnOneThreadInOneSessionQueue() async throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let s = try session(ws, RecordingProvider())
        async let a = s.request("first", thread: "q")
        async let b = s.request("second", thread: "q")
        _ = try await (a, b)
        await s.end(reason: "completed")
        let entries = try ThreadIndex(dataDirectory: ws.path + "/data", thread: "q").all()
        #expect(entries.map(\.n) == [1, 2])
    }

    @Test func anInvalidThreadNameIsAUsageError() async throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let s = try session(ws, RecordingProvider())
        await #expect {
            _ = try await s.request("x", thread: "../escape")
        } throws: { error in
            (error as? RuntimeError)?.isUsageError == true
        }
        await s.end(reason: "completed")
    }
}
