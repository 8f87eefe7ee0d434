import AxonCore
import AxonModels
import Testing

@Suite struct ReplayProviderTests {
    let script = ReplayScript(
        rules: [
            .init(
                match: "LIST",
                turns: [
                    .init(text: "Looking.", toolCalls: [.init(name: "list_files", arguments: ["path": "src"])]),
                    .init(text: "Got: {{last_tool_result}}"),
                ]),
            .init(match: nil, turns: [.init(text: "catch-all: {{prompt}}")]),
        ],
        fallback: [])

    func collect(_ provider: ReplayProvider, _ messages: [Message]) async throws -> [ModelEvent] {
        var events: [ModelEvent] = []
        for try await e in provider.stream(ModelRequest(system: "sys", messages: messages)) { events.append(e) }
        return events
    }

    func text(_ events: [ModelEvent]) -> String {
        events.compactMap { if case .textDelta(let t) = $0 { t } else { nil } }.joined()
    }

    @Test func aSlowTurnStreamsTheSameEventsWithPauses() async throws {
        let slow = ReplayScript(rules: [], fallback: [.init(text: "one two three", delayMS: 30)])
        let provider = ReplayProvider(script: slow)
        let started = ContinuousClock.now
        let events = try await collect(provider, [.user("go")])
        #expect(ContinuousClock.now - started >= .milliseconds(80))
        #expect(events == provider.respond(to: ModelRequest(system: "sys", messages: [.user("go")])))
    }

    @Test func firstTurnStreamsWordsThenToolCallsThenUsageThenEnd() async throws {
        let events = try await collect(ReplayProvider(script: script), [.user("please list things")])
        #expect(text(events) == "Looking.")
        let calls = events.compactMap { if case .toolCall(let c) = $0 { c } else { nil } }
        #expect(calls.map(\.name) == ["list_files"])
        #expect(calls.first?.arguments == ["path": "src"])
        guard case .usage(let usage) = events[events.count - 2] else {
            Issue.record("usage must come right before end")
            return
        }
        #expect(usage.inputTokens > 0 && usage.outputTokens > 0)
        #expect(events.last == .end(.toolUse))
    }

    @Test func secondTurnSeesTheToolResult() async throws {
        let call = ToolCall(id: "c1", name: "list_files", arguments: [:])
        let events = try await collect(
            ReplayProvider(script: script),
            [.user("list"), .assistant("Looking.", toolCalls: [call]), .tool(callID: "c1", content: "a.txt")])
        #expect(text(events) == "Got: a.txt")
        #expect(events.last == .end(.endTurn))
    }

    @Test func aScriptThatRunsOutEndsTheTurnInsteadOfLooping() async throws {
        let call = ToolCall(id: "c", name: "x", arguments: [:])
        var messages: [Message] = [.user("list")]
        for _ in 0..<3 { messages += [.assistant(nil, toolCalls: [call]), .tool(callID: "c", content: "r")] }
        let events = try await collect(ReplayProvider(script: script), messages)
        #expect(events.last == .end(.endTurn))
        #expect(!events.contains { if case .toolCall = $0 { true } else { false } })
    }

    @Test func ruleWithoutMatchCatchesEverythingAndFillsThePrompt() async throws {
        let events = try await collect(ReplayProvider(script: script), [.user("what now")])
        #expect(text(events) == "catch-all: what now")
    }

    @Test func builtInScriptEchoes() async throws {
        let events = try await collect(ReplayProvider(script: .builtIn), [.user("ping")])
        #expect(text(events).hasSuffix("You said: ping"))
    }

    @Test func deterministicAcrossRuns() async throws {
        let a = try await collect(ReplayProvider(script: script), [.user("list")])
        let b = try await collect(ReplayProvider(script: script), [.user("list")])
        #expect(a == b)
    }
}
