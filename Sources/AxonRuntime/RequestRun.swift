import AxonConfig
import AxonCore
import AxonModels
import AxonPolicy
import AxonThreads
import AxonTools
import AxonTrace

/// The agent loop of one request: model turn, tool calls, repeat, until the model stops or a cap is hit.
///
/// Every step is traced as it happens; the caller commits the trace (and indexes a named thread) at the end.
struct RequestRun {
    let session: Session
    let id: RequestID
    let thread: ThreadName
    /// The named thread being resumed; nil for the session's own thread.
    var context: ThreadContext?
    let onEvent: @Sendable (RequestEvent) -> Void
    /// The conversation sent to the model: resumed history, then this request's messages.
    var messages: [Message]
    var text = ""
    var usage = Usage.zero
    var costUSD = 0.0
    var toolCalls = 0
    /// The latest tool call (name and arguments) and how many times in a row it was made: the loop guard.
    var repeated: (key: String, count: Int)?
    /// This many identical tool calls in a row stop the request as `looping` (the last one is not run).
    static let loopThreshold = 3
    /// Tools `search_tools` found in this request: offered directly from the next model call on.
    var discovered: Set<String> = []
    /// This request's messages as the trace holds them (redacted): what a resumed thread will see.
    var recordedMessages: [Message] = []
    /// Where this request's lines are, for the thread index.
    var startOffset: Int64 = 0
    var end: (entry: TraceEntry, range: Range<Int64>)?
    var compaction: (entry: TraceEntry, range: Range<Int64>)?

    init(
        session: Session, id: RequestID, thread: ThreadName, context: ThreadContext?, history: [Message],
        onEvent: @escaping @Sendable (RequestEvent) -> Void
    ) {
        self.session = session
        self.id = id
        self.thread = thread
        self.context = context
        self.messages = history
        self.onEvent = onEvent
    }

    mutating func execute(prompt: String) async throws(RuntimeError) -> RequestResult {
        startOffset = try await record(.requestStart(prompt: prompt, threadSeq: context?.n)).range.lowerBound
        if context?.needsCompaction == true { try await compact() }
        try await append(.user(prompt))

        let limits = session.agent.limits
        var outcome: (RequestStatus, String?) = (.capped, "stopped after max_turns (\(limits.maxTurns)) model turns")
        if let spent = await overBudget() {
            try await record(.error(code: "max_usd", message: spent))
            end = try await record(.requestEnd(status: .capped, usage: usage, costUSD: costUSD))
            return RequestResult(
                text: text, agent: session.agent.name, session: session.id, thread: thread, request: id,
                status: .capped, error: spent, usage: usage, costUSD: costUSD)
        }
        turns: for _ in 0..<limits.maxTurns {
            if Task.isCancelled {
                outcome = (.cancelled, "cancelled")
                break
            }
            // The safe point: a new capability generation is applied here, never inside a tool call.
            try await session.applyPending(thread: thread, request: id)
            if let note = await session.takeNote() { try await append(.system(note)) }
            let turn: ModelTurn
            do {
                turn = try await callModel(system: await session.systemPrompt, messages: messages, streaming: true)
            } catch let error as RuntimeError {
                throw error
            } catch {
                outcome = (.error, "model call failed: \(error)")
                try await record(.error(code: "model_failed", message: "\(error)"))
                break
            }
            try await append(.assistant(turn.text.isEmpty ? nil : turn.text, toolCalls: turn.calls))
            onEvent(.turnEnded)
            if Task.isCancelled {
                // Cancelled mid-stream: the partial turn is kept; its tool calls are answered, never run.
                for call in turn.calls { try await answer(call, content: "error: not run: the request was cancelled") }
                outcome = (.cancelled, "cancelled")
                break
            }
            if turn.calls.isEmpty {
                outcome = (.ok, nil)
                break
            }
            if let spent = await overBudget() {
                outcome = (.capped, spent)
                try await record(.error(code: "max_usd", message: spent))
                for skipped in turn.calls {
                    try await answer(skipped, content: "error: not run: the request hit max_usd")
                }
                break
            }
            for (i, call) in turn.calls.enumerated() {
                toolCalls += 1
                if toolCalls > limits.maxToolCalls {
                    outcome = (.capped, "stopped after max_tool_calls (\(limits.maxToolCalls)) tool calls")
                    try await record(.error(code: "max_tool_calls", message: outcome.1!))
                    // Every call gets an answer, so the conversation stays well-formed for a resume.
                    for skipped in turn.calls[i...] {
                        try await answer(skipped, content: "error: not run: the request hit max_tool_calls")
                    }
                    break turns
                }
                if isLooping(call) {
                    let message =
                        "stopped: the same call to \(call.name) with the same arguments \(Self.loopThreshold) times in a row"
                    outcome = (.looping, message)
                    try await record(.error(code: "looping", message: message))
                    for skipped in turn.calls[i...] {
                        try await answer(skipped, content: "error: not run: \(message)")
                    }
                    break turns
                }
                try await run(call)
            }
        }
        if outcome.0 == .capped, outcome.1?.hasPrefix("stopped after max_turns") == true {
            try await record(.error(code: "max_turns", message: outcome.1!))
        }
        end = try await record(.requestEnd(status: outcome.0, usage: usage, costUSD: costUSD))
        return RequestResult(
            text: text, agent: session.agent.name, session: session.id, thread: thread, request: id,
            status: outcome.0, error: outcome.1, usage: usage, costUSD: costUSD)
    }

    struct ModelTurn {
        var text = ""
        var calls: [ToolCall] = []
    }

    /// One model call, streamed (to the user when `streaming`); traced as one `model.call` when it completes.
    mutating func callModel(system: String, messages: [Message], streaming: Bool) async throws -> ModelTurn {
        let model = session.model
        let request = ModelRequest(
            system: system, messages: messages, tools: session.tools.specs(including: discovered),
            maxTokens: model.spec.maxTokens)
        let clock = ContinuousClock()
        let started = clock.now
        var turn = ModelTurn()
        var callUsage = Usage.zero
        if streaming, !text.isEmpty { text += "\n" }
        for try await event in model.provider.stream(request) {
            switch event {
            case .textDelta(let piece):
                turn.text += piece
                if streaming {
                    text += piece
                    onEvent(.textDelta(piece))
                }
            case .toolCall(let call):
                turn.calls.append(call)
                if streaming { onEvent(.toolCall(call)) }
            case .usage(let u):
                callUsage = u
            case .end:
                break
            case .attemptFailed(let code, let message, _):
                // A retried attempt is an `error` line; the call that finally completes is the one `model.call`.
                try await record(.error(code: "model_\(code)", message: message))
                onEvent(.retrying(message: message))
            }
        }
        let elapsed = started.duration(to: clock.now)
        let cost = ModelCatalog.price(for: model.spec)?.cost(of: callUsage) ?? 0
        usage += callUsage
        costUSD += cost
        try await record(
            .modelCall(
                provider: model.provider.provider, model: model.provider.model,
                durationMS: Int(
                    elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000),
                billing: Billing(usage: callUsage, costUSD: cost)))
        return turn
    }

    /// Runs one tool call through the session's tools; a policy refusal is also an `error` trace entry.
    mutating func run(_ call: ToolCall) async throws(RuntimeError) {
        try await record(.toolCall(tool: call.name, callID: call.id, arguments: call.arguments))
        let clock = ContinuousClock()
        let started = clock.now
        let outcome = await session.tools.call(call, thread: thread.rawValue)
        let elapsed = started.duration(to: clock.now)
        if outcome.errorCode == PolicyError.code {
            try await record(.error(code: PolicyError.code, message: outcome.content))
        }
        try await record(
            .toolResult(
                tool: call.name, callID: call.id, ok: outcome.ok, content: outcome.content,
                durationMS: Int(
                    elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)))
        onEvent(.toolResult(callID: call.id, ok: outcome.ok, content: outcome.content))
        try await append(.tool(callID: call.id, content: outcome.content, isError: !outcome.ok))
        if outcome.ok, call.name == SearchTool.name, let query = call.arguments["query"]?.stringValue {
            let limit = call.arguments["limit"]?.intValue ?? SearchTool.defaultLimit
            discovered.formUnion(session.tools.search(query, limit: max(1, limit)).map(\.name))
        }
        // The agent's own write into a hot-load path is taken up at the very next model call, without waiting
        // for the watcher to see it.
        if outcome.ok, FileTools.writers.contains(call.name), let path = call.arguments["path"]?.stringValue,
            session.workspace.isHotLoadPath(path)
        {
            let relative = session.workspace.relative(path)
            await session.offer(CapabilityUpdate(generation: 0, scope: .touched(by: [relative]), paths: [relative]))
        }
    }

    /// Counts `call` against the loop guard; true when it is the `loopThreshold`-th identical call in a row.
    mutating func isLooping(_ call: ToolCall) -> Bool {
        let key = call.name + "\u{0}" + call.arguments.serialized()
        let count = repeated?.key == key ? repeated!.count + 1 : 1
        repeated = (key, count)
        return count >= Self.loopThreshold
    }

    /// Why the request must stop for `max_usd` (this request's or the session's spend reached it); nil if not.
    func overBudget() async -> String? {
        guard let cap = session.agent.limits.maxUSD else { return nil }
        let before = await session.costUSD
        if costUSD >= cap { return "stopped at max_usd (\(cap)): this request spent \(costUSD) USD" }
        if before + costUSD >= cap {
            return "stopped at max_usd (\(cap)): this session spent \(before + costUSD) USD"
        }
        return nil
    }

    /// Answers a tool call that is not run with an error the model sees.
    mutating func answer(_ call: ToolCall, content: String) async throws(RuntimeError) {
        try await record(.toolCall(tool: call.name, callID: call.id, arguments: call.arguments))
        try await record(.toolResult(tool: call.name, callID: call.id, ok: false, content: content, durationMS: 0))
        onEvent(.toolResult(callID: call.id, ok: false, content: content))
        try await append(.tool(callID: call.id, content: content, isError: true))
    }

    /// Adds a message to the conversation and the trace.
    mutating func append(_ message: Message) async throws(RuntimeError) {
        messages.append(message)
        if case .message(let recorded) = try await record(.message(message)).entry.event {
            recordedMessages.append(recorded)
        }
    }

    @discardableResult
    func record(_ event: TraceEvent) async throws(RuntimeError) -> (entry: TraceEntry, range: Range<Int64>) {
        try await session.record(event, thread: thread, request: id)
    }

    /// The thread index lines for this request: its compaction (if it made one), then the request.
    func indexEntries(n: Int) -> [ThreadIndexEntry] {
        var entries: [ThreadIndexEntry] = []
        if let compaction, case .compaction(_, let summary) = compaction.entry.event {
            entries.append(
                ThreadIndexEntry(
                    kind: .compaction, n: n, session: session.id, request: id, start: compaction.range.lowerBound,
                    end: compaction.range.upperBound,
                    tokens: ThreadIndexEntry.estimateTokens(of: [.user(ThreadHistory.summaryPreamble + summary)]),
                    status: nil, ts: compaction.entry.ts))
        }
        if let end, case .requestEnd(let status, _, _) = end.entry.event {
            entries.append(
                ThreadIndexEntry(
                    kind: .request, n: n, session: session.id, request: id, start: startOffset,
                    end: end.range.upperBound, tokens: ThreadIndexEntry.estimateTokens(of: recordedMessages),
                    status: status.rawValue, ts: end.entry.ts))
        }
        return entries
    }
}
