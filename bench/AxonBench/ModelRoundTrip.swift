import AxonCore
import AxonModels
import AxonProviders
import Foundation

/// `axon-bench model-roundtrip BASE_URL [N] [GAP_MS]`: client CPU time per agent round trip with one tool call
/// against a local OpenAI-compatible endpoint: call 1 streams a tool call, the tool runs (trivially), call 2
/// streams the answer. The endpoint runs in another process, so `getrusage(RUSAGE_SELF)` counts only the
/// client: body encoding, HTTP, SSE parsing, decoding. Run by bench/model-roundtrip.sh beside the OpenAI
/// Agents SDK doing the same against the same endpoint. Goal: ≤ 0.2× the SDK's CPU.
enum ModelRoundTrip {
    static func main(_ args: [String]) async throws {
        guard let baseURL = args.first else {
            print("usage: axon-bench model-roundtrip BASE_URL [ROUND_TRIPS] [GAP_MS]")
            return
        }
        let trips = args.count > 1 ? Int(args[1]) ?? 200 : 200
        let gapMS = args.count > 2 ? Int(args[2]) ?? 0 : 0
        let provider = OpenAICompatibleProvider(model: "gpt-4.1-mini", baseURL: baseURL, apiKey: "bench-key")
        let tools = [
            ToolSpec(
                name: "read_file", description: "Read a file.",
                inputSchema: ["type": "object", "properties": ["path": ["type": "string"]], "required": ["path"]])
        ]
        for _ in 0..<5 { try await roundTrip(provider, tools) }  // warm the connection pool and caches

        var cpu: [Double] = []
        var wall: [Double] = []
        for _ in 0..<trips {
            if gapMS > 0 { try await Task.sleep(for: .milliseconds(gapMS)) }
            let cpuStart = cpuSeconds()
            let wallStart = ContinuousClock.now
            try await roundTrip(provider, tools)
            cpu.append((cpuSeconds() - cpuStart) * 1000)
            let elapsed = wallStart.duration(to: .now)
            wall.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        }
        cpu.sort()
        wall.sort()
        let mean = cpu.reduce(0, +) / Double(cpu.count)
        print(
            "axon model-roundtrip: \(trips) round trips (2 streamed calls + 1 tool each), gap \(gapMS) ms: "
                + "CPU mean \(fmt(mean)) ms, p50 \(fmt(cpu[cpu.count / 2])) ms; wall p50 \(fmt(wall[wall.count / 2])) ms"
        )
    }

    static func roundTrip(_ provider: some ModelProvider, _ tools: [ToolSpec]) async throws {
        var messages: [Message] = [.user("What does README.md say?")]
        var calls: [ToolCall] = []
        for try await event in provider.stream(ModelRequest(system: "Be brief.", messages: messages, tools: tools)) {
            if case .toolCall(let call) = event { calls.append(call) }
        }
        guard let call = calls.first else { throw CocoaError(.featureUnsupported) }
        messages.append(.assistant(nil, toolCalls: calls))
        messages.append(.tool(callID: call.id, content: "# axon\nA runtime for fleets of agents."))
        var text = ""
        for try await event in provider.stream(ModelRequest(system: "Be brief.", messages: messages, tools: tools)) {
            if case .textDelta(let piece) = event { text += piece }
        }
        guard !text.isEmpty else { throw CocoaError(.featureUnsupported) }
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func fmt(_ v: Double) -> String { String((v * 1000).rounded() / 1000) }
}
