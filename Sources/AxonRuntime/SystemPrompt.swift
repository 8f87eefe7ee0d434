import AxonConfig
import AxonKnowledge
import AxonTrace

/// The system prompt an agent boots with: `src/boot.md` (else the built-in template) rendered with the
/// agent's instructions and the repo's knowledge under `knowledge.budget_kb` (see docs/knowledge.md).
///
/// It is byte-stable for the same inputs, because provider prompt caches key on it: no timestamps, no
/// absolute paths (the repo is named by its directory name), files in a fixed order.
struct SystemPrompt {
    /// The prompt text every model call of the session sends.
    let text: String
    /// The trace lines to write right after `session.start`.
    let traceEvents: [TraceEvent]
    /// What a user should hear at once: a knowledge file skipped, a boot template that fell back.
    let notices: [String]

    /// Renders `agent`'s prompt in `workspace`; never fails (problems become `error` trace lines).
    static func render(agent: AgentSpec, config: FleetConfig, workspace: Workspace) -> SystemPrompt {
        let boot = BootPrompt.render(agent: agent, budgetKB: config.knowledge.budgetKB, repo: workspace.root)
        return SystemPrompt(
            text: boot.text, traceEvents: traceEvents(boot), notices: boot.notes.map { "knowledge: \($0)" })
    }

    /// The trace lines that follow `session.start`: `knowledge.loaded` when the prompt names any knowledge
    /// file (in full or in the index), then one `error` line per note (a skipped file, a template that fell
    /// back to the built-in one), so a broken `src/boot.md` is visible in `axon trace`.
    static func traceEvents(_ boot: BootPrompt) -> [TraceEvent] {
        var events: [TraceEvent] = []
        if !boot.files.isEmpty {
            events.append(
                .knowledgeLoaded(
                    files: boot.files.map { KnowledgeFile(path: $0.path, hash: $0.hash, bytes: $0.bytes) },
                    truncated: boot.truncated))
        }
        for note in boot.notes { events.append(.error(code: note.code, message: note.description)) }
        return events
    }
}
