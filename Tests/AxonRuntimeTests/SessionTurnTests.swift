import AxonConfig
import AxonCore
import AxonModels
import AxonTesting
import AxonThreads
import AxonTrace
import Synchronization
import Testing

@testable import AxonRuntime

/// A replay model whose answer to a prompt containing "hold" waits until the test opens the gate. The other
/// answers pause before each word, so requests that were not serialised would interleave.
final class GatedProvider: ModelProvider {
    let provider = "replay"
    let model = "gated"
    private let gate: AsyncStream<Void>
    private let opener: AsyncStream<Void>.Continuation
    private let begun = Mutex<[String]>([])
    private let replay = ReplayProvider(
        script: ReplayScript(rules: [], fallback: [.init(text: "answer to {{prompt}} in words", delayMS: 5)]))

    init() { (gate, opener) = AsyncStream.makeStream(of: Void.self) }

    /// The prompts of the model calls begun so far, in order.
    var started: [String] { begun.withLock { $0 } }

    /// Lets the held answer go (one per test).
    func open() { opener.yield(()) }

    func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error> {
        let prompt = request.messages.last?.content ?? ""
        begun.withLock { $0.append(prompt) }
        guard prompt.contains("hold") else { return replay.stream(request) }
        let (gate, replay) = (gate, replay)
        return AsyncThrowingStream { continuation in
            let task = Task {
                for await _ in gate { break }  // opened, or the request was cancelled
                do {
                    for try await event in replay.stream(request) where !Task.isCancelled { continuation.yield(event) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// Requests in one session run one at a time, in arrival order, whoever calls them (issue 11, item 1).
@Suite(.timeLimit(.minutes(1))) struct SessionTurnTests {
    func session(_ ws: TemporaryWorkspace, _ model: GatedProvider) throws -> Session {
        let workspace = Workspace(root: ws.path)
        let id = SessionID.make()
        return Session(
            id: id, agent: AgentSpec(name: "default"), shape: .script,
            model: ResolvedModel(spec: ModelSpec(key: "m", provider: .replay), provider: model, banner: nil),
            writer: try TraceWriter(directory: workspace.sessionsDirectory, session: id),
            systemPrompt: "sys", workspace: workspace,
            threadLease: FileThreadLease(directory: workspace.stateDirectory + "/threads"))
    }

    /// One request's lines in the trace: its id, its prompt, the types of its lines in order.
    struct Block {
        var request: String
        var prompt: String?
        var types: [String] = []
    }

    /// The trace's request lines grouped into runs of the same request id.
    func blocks(_ ws: TemporaryWorkspace) throws -> [Block] {
        var result: [Block] = []
        for line in try TraceLines.read(try #require(ws.traceFiles().first)) {
            guard let request = line["request"]?.stringValue else { continue }
            if result.last?.request != request { result.append(Block(request: request)) }
            if line["type"]?.stringValue == "request.start" {
                result[result.count - 1].prompt = line["prompt"]?.stringValue
            }
            result[result.count - 1].types.append(line["type"]?.stringValue ?? "?")
        }
        return result
    }

    /// Each request's lines are contiguous, from its `request.start` to its `request.end`.
    func expectContiguous(_ blocks: [Block], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            Set(blocks.map(\.request)).count == blocks.count, "a request's lines are split",
            sourceLocation: sourceLocation)
        for block in blocks {
            #expect(block.types.first == "request.start", "\(block.request)", sourceLocation: sourceLocation)
            #expect(block.types.last == "request.end", "\(block.request)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [2, 5]) func concurrentRequestsRunOneAtATimeInArrivalOrder(count: Int) async throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let model = GatedProvider()
        let s = try session(ws, model)
        var tasks = [Task { try await s.request("p1 hold") }]
        #expect(await eventually { model.started == ["p1 hold"] }, "p1 runs and holds the turn")
        for k in 2...count {
            tasks.append(Task { try await s.request("p\(k)") })
            #expect(await eventually { s.gate.waiting == k - 1 }, "p\(k) waits for its turn")
        }
        model.open()
        for task in tasks { #expect(try await task.value.status == .ok) }
        await s.end(reason: "completed")

        let blocks = try blocks(ws)
        expectContiguous(blocks)
        #expect(blocks.map(\.prompt) == ["p1 hold"] + (2...count).map { "p\($0)" })
        #expect(blocks.map(\.request) == (1...count).map { "r\($0)" })
    }

    @Test func aWaitingRequestCancelledLeavesNoTraceAndTheOthersComplete() async throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let model = GatedProvider()
        let s = try session(ws, model)
        let first = Task { try await s.request("p1 hold") }
        #expect(await eventually { model.started == ["p1 hold"] })
        let doomed = Task { try await s.request("p2 doomed") }
        #expect(await eventually { s.gate.waiting == 1 })
        let third = Task { try await s.request("p3") }
        #expect(await eventually { s.gate.waiting == 2 })

        doomed.cancel()
        // p1 still holds the turn (its answer is gated): the cancelled request's wait ended at once.
        await #expect {
            _ = try await doomed.value
        } throws: { error in
            if case .cancelled = error as? RuntimeError { return true }
            return false
        }
        #expect(s.gate.waiting == 1)
        #expect(model.started == ["p1 hold"])

        model.open()
        #expect(try await first.value.status == .ok)
        let last = try await third.value
        #expect(last.status == .ok)
        #expect(last.request == "r2", "a cancelled waiter takes no request id")
        await s.end(reason: "completed")
        #expect(await s.totals.requests == 2)

        let lines = try TraceLines.read(try #require(ws.traceFiles().first))
        #expect(!lines.contains { $0.serialized().contains("doomed") }, "nothing of the cancelled request is traced")
        let blocks = try blocks(ws)
        expectContiguous(blocks)
        #expect(blocks.map(\.prompt) == ["p1 hold", "p3"])
    }

    @Test func cancellingTheRunningRequestEndsItCancelledAndTheNextOneRuns() async throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let model = GatedProvider()
        let s = try session(ws, model)
        let running = Task { try await s.request("p1 hold") }
        #expect(await eventually { model.started == ["p1 hold"] })
        let next = Task { try await s.request("p2") }
        #expect(await eventually { s.gate.waiting == 1 })

        running.cancel()
        #expect(try await running.value.status == .cancelled)
        #expect(try await next.value.status == .ok)
        await s.end(reason: "completed")

        let blocks = try blocks(ws)
        expectContiguous(blocks)
        #expect(blocks.map(\.prompt) == ["p1 hold", "p2"])
        let ends = try TraceLines.read(try #require(ws.traceFiles().first)).filter {
            $0["type"]?.stringValue == "request.end"
        }
        #expect(ends.map { $0["status"]?.stringValue } == ["cancelled", "ok"])
    }
}
