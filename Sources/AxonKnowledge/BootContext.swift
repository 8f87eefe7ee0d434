/// The variables a boot template sees. docs/knowledge.md lists them with an example.
///
/// | variable | value |
/// |---|---|
/// | `agent` | the agent's name |
/// | `instructions` | the agent's `instructions` (absent when empty) |
/// | `repo` | the repo directory's name (never an absolute path: prompts stay portable and cacheable) |
/// | `agents_md` | the root `AGENTS.md` when it fits the budget (absent otherwise) |
/// | `knowledge` | list of `{path, title, content}`: files in full, in order |
/// | `has_knowledge` | true when `knowledge` is not empty |
/// | `knowledge_index` | list of `{path, title, bytes}`: files only listed; read with `read_knowledge` |
/// | `has_index` | true when some knowledge is only listed or counted (`knowledge_index` or `knowledge_unlisted`) |
/// | `knowledge_unlisted` | how many more files did not fit in the index either (0 when none) |
/// | `has_unlisted` | true when `knowledge_unlisted` is not 0 |
/// | `truncated` | true when some knowledge is not in the prompt in full |
/// | `skills` | list of `{name, description}`: the skill catalog; bodies load with `load_skill` |
/// | `has_skills` | true when `skills` is not empty |
///
/// Every value is derived from file contents and configuration only: no time, no absolute path, no
/// host. That is what keeps the rendered prompt byte-identical between boots (`BootPrompt`).
public struct BootContext: Sendable, Equatable {
    public var agent: String
    public var instructions: String?
    public var repo: String
    public var agentsMD: String?
    public var knowledge: [KnowledgeDocument]
    public var index: [KnowledgeDocument]
    /// Files past the index's budget: only their number reaches the prompt.
    public var unlisted: Int
    public var skills: [Skill]

    public init(
        agent: String, instructions: String?, repo: String, agentsMD: String? = nil,
        knowledge: [KnowledgeDocument] = [], index: [KnowledgeDocument] = [], unlisted: Int = 0,
        skills: [Skill] = []
    ) {
        self.unlisted = unlisted
        self.skills = skills
        self.agent = agent
        self.instructions = instructions
        self.repo = repo
        self.agentsMD = agentsMD
        self.knowledge = knowledge
        self.index = index
    }

    /// The Mustache view: a dictionary, so names are snake_case and absent values are really absent (an
    /// empty string would still open a `{{#section}}`). Text is trimmed at the end so files join cleanly.
    var variables: [String: Any] {
        var out: [String: Any] = [
            "agent": agent,
            "repo": repo,
            "knowledge": knowledge.map { doc -> [String: Any] in
                ["path": doc.path, "title": doc.title, "content": Self.trimmed(doc.content ?? "")]
            },
            "has_knowledge": !knowledge.isEmpty,
            "knowledge_index": index.map { doc -> [String: Any] in
                ["path": doc.path, "title": doc.title, "bytes": doc.bytes]
            },
            "has_index": !index.isEmpty || unlisted > 0,
            "knowledge_unlisted": unlisted,
            "has_unlisted": unlisted > 0,
            "truncated": !index.isEmpty || unlisted > 0,
            "skills": skills.map { skill -> [String: Any] in ["name": skill.name, "description": skill.description] },
            "has_skills": !skills.isEmpty,
        ]
        if let instructions = instructions.map(Self.trimmed), !instructions.isEmpty {
            out["instructions"] = instructions
        }
        if let agentsMD = agentsMD.map(Self.trimmed), !agentsMD.isEmpty { out["agents_md"] = agentsMD }
        return out
    }

    /// `text` without trailing whitespace and newlines, and without a leading BOM.
    static func trimmed(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" || last == "\n" || last == "\r" {
            scalars.removeLast()
        }
        return String(scalars)
    }
}
