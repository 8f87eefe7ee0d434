import AxonCore
import AxonTrace

/// One realistic entry per trace `type`, in the order of `Golden/events.jsonl`.
enum TraceSamples {
    static let session = SessionID(rawValue: "20261126T001617123Z-testhost-0a1b")
    static let thread: ThreadName = "scouting"
    static let request: RequestID = "r1"

    static func ts(_ offsetMS: Int64) -> Timestamp { Timestamp(milliseconds: 1_795_652_177_123 + offsetMS) }

    static let events: [(TraceEvent, inRequest: Bool)] = [
        (
            .sessionStart(
                agent: "scout", shape: .fleet, pid: 4242, host: "testhost", axon: "0.1.0",
                configHash: "sha256:9f86d081884c7d65"), false
        ),
        (
            .knowledgeLoaded(
                files: [
                    KnowledgeFile(path: "data/knowledge/layout.md", hash: "sha256:ab12", bytes: 2048),
                    KnowledgeFile(path: "data/knowledge/tools.md", hash: "sha256:cd34", bytes: 512),
                ],
                truncated: false), false
        ),
        (.requestStart(prompt: "Update the knowledge files.\nBe \"brief\" — ünïcode ok."), true),
        (.message(.user("Update the knowledge files.")), true),
        (
            .modelCall(
                provider: "openai", model: "gpt-4.1-mini", durationMS: 1834,
                billing: Billing(
                    usage: Usage(
                        inputTokens: 1200, outputTokens: 85, cacheReadTokens: 1024,
                        cacheWriteTokens: 0), costUSD: 0.000_738)), true
        ),
        (
            .message(
                .assistant(
                    "Reading the layout.",
                    toolCalls: [
                        ToolCall(id: "call_1", name: "read_file", arguments: ["path": "Package.swift", "limit": 200])
                    ])), true
        ),
        (.toolCall(tool: "read_file", callID: "call_1", arguments: ["path": "Package.swift", "limit": 200]), true),
        (
            .toolResult(
                tool: "read_file", callID: "call_1", ok: true, content: "// swift-tools-version:6.1\n\tlet x = 1",
                durationMS: 3), true
        ),
        (.message(.tool(callID: "call_1", content: "no such file", isError: true)), true),
        (.error(code: "rate_limited", message: "429 Too Many Requests; retrying in 2s"), true),
        (.compaction(replaces: ["r1", "r2"], summary: "The agent mapped Sources/ and wrote layout.md."), true),
        (
            .requestEnd(
                status: .ok,
                usage: Usage(
                    inputTokens: 1200, outputTokens: 85, cacheReadTokens: 1024,
                    cacheWriteTokens: 0), costUSD: 0.000_738), true
        ),
        (
            .capabilitiesReloaded(
                generation: 2, added: CapabilityNames(tools: ["count_lines"], skills: ["release"]),
                changed: CapabilityNames(knowledge: ["data/knowledge/layout.md"]), removed: CapabilityNames(),
                errors: ["src/tools/bad.sh:4:3: YAML syntax error: mapping values are not allowed here"]), true
        ),
        (
            .sessionEnd(
                reason: "completed", requests: 1,
                usage: Usage(
                    inputTokens: 1200, outputTokens: 85,
                    cacheReadTokens: 1024, cacheWriteTokens: 0),
                costUSD: 0.000_738), false
        ),
    ]

    static var entries: [TraceEntry] {
        events.enumerated().map { i, e in
            TraceEntry(
                seq: i + 1, ts: ts(Int64(i) * 37), session: session, thread: e.inRequest ? thread : nil,
                request: e.inRequest ? request : nil, event: e.0)
        }
    }
}

/// Paths inside the source tree (golden files are compared and regenerated in place).
enum SourceTree {
    static let testsDirectory = String(#filePath.dropLast("/TraceSamples.swift".count))
    static let golden = testsDirectory + "/Golden/events.jsonl"
    static let schema = testsDirectory + "/../../docs/trace.schema.json"
}
