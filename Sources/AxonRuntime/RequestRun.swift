import AxonConfig
import AxonCore
import AxonModels
import AxonThreads
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
        turns: for _ in 0..<limits.maxTurns {
            if Task.isCancelled {
                outcome = (.cancelled, "cancelled")
                break
            }
            let turn: ModelTurn
            do {
                turn = try await callModel(system: session.systemPrompt, messages: messages, streaming: true)
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
                try await answer(
                    call,
                    content: "error: no tools yet: this version of axon has no tools, so '\(call.name)' cannot run")
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
        let request = ModelRequest(system: system, messages: messages, tools: [], maxTokens: model.spec.maxTokens)
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

    /// Answers a tool call with an error the model sees. Tools arrive with the tools module.
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
