import AxonConfig
import AxonCore
import AxonRuntime
import AxonTesting
import AxonTrace
import Testing

/// The session boots with the knowledge rendered into its system prompt and records what it loaded.
@Suite struct SessionKnowledgeTests {
    func config() -> FleetConfig {
        FleetConfig(
            models: ["offline": ModelSpec(key: "offline", provider: .replay, script: "script.yaml")],
            agents: ["default": AgentSpec(name: "default", instructions: "Be useful.", model: "offline")],
            agentOrder: ["default"])
    }

    @Test func systemPromptCarriesTheKnowledgeAndTheTraceRecordsIt() async throws {
        let note = "# Tracing\nThe trace is append-only.\n"
        let ws = try TemporaryWorkspace(files: [
            "script.yaml": "default: [{text: ok}]\n", "data/knowledge/tracing.md": note,
        ])
        defer { ws.remove() }
        let session = try await Session.start(
            config: config(), agent: "default", shape: .oneshot, workspace: Workspace(root: ws.path),
            environment: [:])
        _ = try await session.request("hi")
        await session.end(reason: "completed")
        let prompt = await session.systemPrompt
        #expect(prompt.contains("The trace is append-only."))
        #expect(prompt.contains("Be useful."))
        #expect(!prompt.contains(ws.path), "no absolute paths in the prompt")
        let entries = try TraceReader.read(path: try #require(ws.traceFiles().first)).entries
        #expect(entries.map(\.event.type).prefix(2) == ["session.start", "knowledge.loaded"])
        guard case .knowledgeLoaded(let files, let truncated) = entries[1].event else {
            Issue.record("expected knowledge.loaded")
            return
        }
        #expect(files.map(\.path) == ["data/knowledge/tracing.md"])
        #expect(files.first?.bytes == note.utf8.count)
        #expect(!truncated)
    }

    @Test func twoSessionsOfAnUnchangedRepoSendTheSameSystemPrompt() async throws {
        let ws = try TemporaryWorkspace(files: [
            "script.yaml": "default: [{text: ok}]\n", "data/knowledge/a.md": "# A\n", "AGENTS.md": "rules\n",
        ])
        defer { ws.remove() }
        var prompts: [String] = []
        for _ in 0..<2 {
            let session = try await Session.start(
                config: config(), agent: "default", shape: .oneshot, workspace: Workspace(root: ws.path),
                environment: [:])
            prompts.append(await session.systemPrompt)
            await session.end(reason: "completed")
        }
        #expect(prompts[0] == prompts[1])
    }

    @Test func noKnowledgeMeansNoKnowledgeLoadedLine() async throws {
        let ws = try TemporaryWorkspace(files: ["script.yaml": "default: [{text: ok}]\n"])
        defer { ws.remove() }
        let session = try await Session.start(
            config: config(), agent: "default", shape: .oneshot, workspace: Workspace(root: ws.path),
            environment: [:])
        await session.end(reason: "completed")
        let entries = try TraceReader.read(path: try #require(ws.traceFiles().first)).entries
        #expect(entries.map(\.event.type) == ["session.start", "session.end"])
    }
}
