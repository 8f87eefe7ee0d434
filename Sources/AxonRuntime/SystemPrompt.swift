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
    /// The knowledge files in the prompt (in full or in its index): path → content hash.
    let knowledge: [(path: String, hash: String)]
    /// The template and skills it was rendered with, kept by the next render when their files break.
    let parts: BootPrompt.Parts

    /// Renders `agent`'s prompt in `workspace`; never fails (problems become `error` trace lines).
    /// - Parameter lastGood: the parts of the prompt this one replaces (a hot reload).
    static func render(
        agent: AgentSpec, config: FleetConfig, workspace: Workspace, lastGood: BootPrompt.Parts? = nil
    ) -> SystemPrompt {
        let (boot, parts) = BootPrompt.render(
            agent: agent, budgetKB: config.knowledge.budgetKB, repo: workspace.root, lastGood: lastGood)
        return SystemPrompt(
            text: boot.text, traceEvents: traceEvents(boot), notices: boot.notes.map { "knowledge: \($0)" },
            knowledge: boot.files.map { ($0.path, $0.hash) }, parts: parts)
    }

    /// A prompt that is `text` and nothing else (tests and fixed sessions).
    static func fixed(_ text: String) -> SystemPrompt {
        SystemPrompt(
            text: text, traceEvents: [], notices: [], knowledge: [],
            parts: BootPrompt.Parts(template: .builtIn, skills: []))
    }

    /// The knowledge files the prompt was built from (repo-relative), as `knowledge.loaded` lists them.
    var knowledgeFiles: [String] { knowledge.map(\.path) }

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
