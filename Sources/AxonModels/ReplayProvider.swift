import AxonCore

/// The offline model: answers from a `ReplayScript`, streamed, deterministic, free.
///
/// It is the product's default when no API key is set, so it behaves like a real provider: text arrives in
/// word-sized deltas, tool calls arrive whole with ids, and usage is reported (estimated at four characters
/// per token) so billing and traces are exercised offline.
public struct ReplayProvider: ModelProvider {
    public let provider = "replay"
    public let model: String
    public let script: ReplayScript

    public init(script: ReplayScript, model: String = "replay") {
        self.script = script
        self.model = model
    }

    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error> {
        let events = respond(to: request)
        let delay = turn(for: request).delayMS
        guard delay > 0 else {
            return AsyncThrowingStream { continuation in
                for event in events {
                    continuation.yield(event)
                }
                continuation.finish()
            }
        }
        // A slow turn: each text delta after a pause; stops early when the consumer goes away (cancellation).
        return AsyncThrowingStream { continuation in
            let task = Task {
                for event in events {
                    if case .textDelta = event { try? await Task.sleep(for: .milliseconds(delay)) }
                    if Task.isCancelled { break }
                    continuation.yield(event)
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The scripted turn that answers `request`.
    func turn(for request: ModelRequest) -> ReplayScript.Turn {
        let lastUser = request.messages.lastIndex { $0.role == .user }
        let prompt = lastUser.flatMap { request.messages[$0].content } ?? ""
        let sinceUser = lastUser.map { request.messages[($0 + 1)...] } ?? request.messages[...]
        let step = sinceUser.filter { $0.role == .assistant }.count
        let turns = script.turns(for: prompt)
        return step < turns.count ? turns[step] : .init(text: nil)
    }

    /// The whole answer to `request`, as the stream will deliver it.
    public func respond(to request: ModelRequest) -> [ModelEvent] {
        let lastUser = request.messages.lastIndex { $0.role == .user }
        let prompt = lastUser.flatMap { request.messages[$0].content } ?? ""
        let sinceUser = lastUser.map { request.messages[($0 + 1)...] } ?? request.messages[...]
        let step = sinceUser.filter { $0.role == .assistant }.count
        let lastToolResult = sinceUser.last { $0.role == .tool }?.content ?? ""
        let turns = script.turns(for: prompt)

        let turn: ReplayScript.Turn
        if step < turns.count {
            turn = turns[step]
        } else {
            // A script shorter than the conversation ends the turn instead of looping on tool calls.
            turn = .init(text: turns.last?.toolCalls.isEmpty == false ? "(replay script has no more turns)" : nil)
        }

        var events: [ModelEvent] = []
        var output = 0
        if let text = turn.text {
            let filled = text.replacingAll("{{prompt}}", with: prompt)
                .replacingAll("{{last_tool_result}}", with: lastToolResult)
            for piece in Self.words(filled) { events.append(.textDelta(piece)) }
            output += filled.utf8.count
        }
        for (i, call) in turn.toolCalls.enumerated() {
            let id = "call_\(request.messages.count)_\(i)"
            events.append(.toolCall(ToolCall(id: id, name: call.name, arguments: call.arguments)))
            output += call.name.utf8.count + call.arguments.serialized().utf8.count
        }
        var input = request.system.utf8.count
        for message in request.messages {
            input += (message.content?.utf8.count ?? 0)
            for call in message.toolCalls { input += call.name.utf8.count + call.arguments.serialized().utf8.count }
        }
        events.append(
            .usage(
                Usage(
                    inputTokens: Usage.estimatedTokens(bytes: input), outputTokens: Usage.estimatedTokens(bytes: output)
                )))
        events.append(.end(turn.toolCalls.isEmpty ? .endTurn : .toolUse))
        return events
    }

    /// Splits text into word-sized deltas that concatenate back to exactly `text`.
    static func words(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        for ch in text {
            current.append(ch)
            if ch == " " || ch == "\n" {
                pieces.append(current)
                current = ""
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}

extension String {
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
