import AxonConfig
import AxonCore
import AxonModels
import AxonTrace

/// The agent loop of one request: model turn, tool calls, repeat, until the model stops or a cap is hit.
///
/// Every step is traced as it happens; the request's lines become durable at `request.end`.
struct RequestRun {
    let session: Session
    let id: RequestID
    let thread: ThreadName
    let onEvent: @Sendable (RequestEvent) -> Void
    var messages: [Message] = []
    var text = ""
    var usage = Usage.zero
    var costUSD = 0.0
    var toolCalls = 0

    init(session: Session, id: RequestID, thread: ThreadName, onEvent: @escaping @Sendable (RequestEvent) -> Void) {
        self.session = session
        self.id = id
        self.thread = thread
        self.onEvent = onEvent
    }

    mutating func execute(prompt: String) async throws(RuntimeError) -> RequestResult {
        try await record(.requestStart(prompt: prompt))
        let user = Message.user(prompt)
        messages.append(user)
        try await record(.message(user))

        let limits = session.agent.limits
        var outcome: (RequestStatus, String?) = (.capped, "stopped after max_turns (\(limits.maxTurns)) model turns")
        turns: for _ in 0..<limits.maxTurns {
            if Task.isCancelled {
                outcome = (.cancelled, "cancelled")
                break
            }
            let turn: ModelTurn
            do {
                turn = try await callModel()
            } catch let error as RuntimeError {
                throw error
            } catch {
                outcome = (.error, "model call failed: \(error)")
                try await record(.error(code: "model_failed", message: "\(error)"))
                break
            }
            let reply = Message.assistant(turn.text.isEmpty ? nil : turn.text, toolCalls: turn.calls)
            messages.append(reply)
            try await record(.message(reply))
            onEvent(.turnEnded)
            if turn.calls.isEmpty {
                outcome = (.ok, nil)
                break
            }
            for call in turn.calls {
                toolCalls += 1
                if toolCalls > limits.maxToolCalls {
                    outcome = (.capped, "stopped after max_tool_calls (\(limits.maxToolCalls)) tool calls")
                    try await record(.error(code: "max_tool_calls", message: outcome.1!))
                    break turns
                }
                try await answer(call)
            }
        }
        if outcome.0 == .capped, outcome.1?.hasPrefix("stopped after max_turns") == true {
            try await record(.error(code: "max_turns", message: outcome.1!))
        }
        try await record(.requestEnd(status: outcome.0, usage: usage, costUSD: costUSD))
        try await session.commit()
        return RequestResult(
            text: text, agent: session.agent.name, session: session.id, thread: thread, request: id,
            status: outcome.0, error: outcome.1, usage: usage, costUSD: costUSD)
    }

    struct ModelTurn {
        var text = ""
        var calls: [ToolCall] = []
    }

    /// One model call, streamed; traced as one `model.call` when it completes.
    mutating func callModel() async throws -> ModelTurn {
        let model = session.model
        let request = ModelRequest(
            system: session.systemPrompt, messages: messages, tools: [], maxTokens: model.spec.maxTokens)
        let clock = ContinuousClock()
        let started = clock.now
        var turn = ModelTurn()
        var callUsage = Usage.zero
        if !text.isEmpty { text += "\n" }
        for try await event in model.provider.stream(request) {
            switch event {
            case .textDelta(let piece):
                turn.text += piece
                text += piece
                onEvent(.textDelta(piece))
            case .toolCall(let call):
                turn.calls.append(call)
                onEvent(.toolCall(call))
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

    /// Answers a tool call. Tools arrive with the tools module; until then every call is an error the model sees.
    mutating func answer(_ call: ToolCall) async throws(RuntimeError) {
        try await record(.toolCall(tool: call.name, callID: call.id, arguments: call.arguments))
        let content = "error: no tools yet: this version of axon has no tools, so '\(call.name)' cannot run"
        try await record(.toolResult(tool: call.name, callID: call.id, ok: false, content: content, durationMS: 0))
        onEvent(.toolResult(callID: call.id, ok: false, content: content))
        let result = Message.tool(callID: call.id, content: content, isError: true)
        messages.append(result)
        try await record(.message(result))
    }

    func record(_ event: TraceEvent) async throws(RuntimeError) {
        try await session.record(event, thread: thread, request: id)
    }
}
