public import AxonConfig
import AxonCore

/// An agent's system prompt as rendered at boot, with what went into it.
///
/// Contract: byte-stable. For the same agent spec, repo directory name, knowledge bytes, template bytes and
/// budget, `text` is byte-identical across boots, processes and machines: no timestamps, no absolute paths,
/// no host names, files in a fixed byte order, and no dictionary order reaches the output. Provider prompt
/// caches key on the exact prefix, so a changed byte costs every later request a cache miss; mtimes,
/// checkouts in other directories and file system enumeration order must therefore not matter.
public struct BootPrompt: Sendable, Equatable {
    /// The system prompt.
    public var text: String
    /// Files in the prompt in full (`AGENTS.md` included), in order.
    public var included: [KnowledgeDocument]
    /// Files listed in the index only, in order.
    public var indexed: [KnowledgeDocument]
    /// Files past the index's budget: counted in the prompt, not named (`KnowledgeBudget`).
    public var unlisted: [KnowledgeDocument] = []
    /// Files skipped and template problems: for the trace, never fatal.
    public var notes: [KnowledgeNote]
    /// Which template rendered the prompt.
    public var template: BootTemplate.Source
    /// The skills in the prompt's catalog, by name.
    public var skills: [Skill] = []

    /// Every knowledge file the prompt stands for — in full, by index, or counted past the index: what
    /// `knowledge.loaded` records.
    public var files: [KnowledgeDocument] { included + indexed + unlisted }
    /// True when some knowledge is not in the prompt in full.
    public var truncated: Bool { !indexed.isEmpty || !unlisted.isEmpty }

    public init(
        text: String, included: [KnowledgeDocument], indexed: [KnowledgeDocument], notes: [KnowledgeNote],
        template: BootTemplate.Source
    ) {
        self.text = text
        self.included = included
        self.indexed = indexed
        self.notes = notes
        self.template = template
    }

    /// Renders `agent`'s system prompt in the repo at `repo` (absolute path): loads the knowledge and
    /// `src/boot.md` (else the built-in template), spends the budget, renders.
    /// - Parameter budgetKB: `knowledge.budget_kb` of fleet.yaml.
    /// - Returns: the prompt; problems are in `notes`, never thrown.
    public static func render(agent: AgentSpec, budgetKB: Int, repo: String) -> BootPrompt {
        render(agent: agent, budgetKB: budgetKB, repo: repo, lastGood: nil).prompt
    }

    /// The template and skills a prompt was rendered with: what a re-render keeps when their files break.
    public struct Parts: Sendable {
        public var template: BootTemplate
        public var skills: [Skill]

        public init(template: BootTemplate, skills: [Skill]) {
            self.template = template
            self.skills = skills
        }
    }

    /// Renders as `render(agent:budgetKB:repo:)` does, for a session that already has a prompt (a hot
    /// reload): a `src/boot.md` that no longer parses keeps `lastGood`'s template rather than falling back to
    /// the built-in one, and a `SKILL.md` that no longer validates keeps its last good version in the catalog.
    /// The notes still say what is broken.
    public static func render(agent: AgentSpec, budgetKB: Int, repo: String, lastGood: Parts?) -> (
        prompt: BootPrompt, parts: Parts
    ) {
        let knowledge = KnowledgeBase.load(repo: repo)
        var (template, note) = BootTemplate.load(repo: knowledge.repo)
        if note != nil, let kept = lastGood?.template, kept.source != .builtIn { template = kept }
        var (skills, problems) = SkillCatalog.load(repo: repo)
        if let kept = lastGood?.skills {
            let broken = Set(problems.map(\.file))
            let names = Set(skills.map(\.name))
            skills += kept.filter { broken.contains($0.path) && !names.contains($0.name) }
            skills.sort { $0.name < $1.name }
        }
        var prompt = render(
            agent: agent.name.rawValue, instructions: agent.instructions, knowledge: knowledge,
            template: template, budgetKB: budgetKB, skills: skills)
        if let note { prompt.notes.append(note) }
        prompt.notes += problems.map(KnowledgeNote.invalidSkill)
        return (prompt, Parts(template: template, skills: skills))
    }

    /// Renders with explicit parts: the pure core of `render(agent:budgetKB:repo:)`, for tests and callers
    /// that already hold the knowledge (a hot reload).
    public static func render(
        agent: String, instructions: String?, knowledge: KnowledgeBase, template: BootTemplate, budgetKB: Int,
        skills: [Skill] = []
    ) -> BootPrompt {
        let bytes = budgetKB >= Int.max / 1024 ? Int.max : max(0, budgetKB) * 1024
        let budget = KnowledgeBudget(documents: knowledge.documents, budgetBytes: bytes)
        let agentsFile = budget.included.first(where: \.isAgentsFile)
        let context = BootContext(
            agent: agent, instructions: instructions, repo: Self.directoryName(knowledge.repo),
            agentsMD: agentsFile?.content, knowledge: budget.included.filter { !$0.isAgentsFile },
            index: budget.indexed, unlisted: budget.unlisted.count, skills: skills)
        let text = BootContext.trimmed(template.render(context))
        var prompt = BootPrompt(
            text: String(text.drop(while: { $0 == "\n" })), included: budget.included, indexed: budget.indexed,
            notes: knowledge.notes, template: template.source)
        prompt.unlisted = budget.unlisted
        prompt.skills = skills
        return prompt
    }

    /// The last component of `path`: the repo as the prompt names it.
    static func directoryName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? "/"
    }
}
