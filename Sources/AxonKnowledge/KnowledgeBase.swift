/// The knowledge of one repo as found at one moment: the files a session boots with.
///
/// Theory of operation: knowledge is plain markdown committed with the repo (`data/knowledge/`), shared
/// between the agents of a repo (`.agents/knowledge/`), or the repo's `AGENTS.md`. `load` finds and hashes
/// it (see `KnowledgeDiscovery` for the rules); `BootPrompt.render` spends the fleet's budget on it in order
/// and lists the rest in an index; the model reads indexed files through the `read_knowledge` tool, which
/// `read(path:)` answers under the same confinement rules.
///
/// A value: loading never throws and never fails a session. Problems (a symlink out of the repo, a binary
/// file, an unreadable directory) become `notes`, which the runtime records in the trace.
public struct KnowledgeBase: Sendable, Equatable {
    /// The root file every agent of the repo reads first.
    public static let agentsFile = "AGENTS.md"
    /// The knowledge directories, repo-relative.
    public static let roots = [".agents/knowledge", "data/knowledge"]
    /// Files larger than this (256 KiB) are listed in the index only, whatever the budget.
    public static let defaultMaxFileBytes = 256 * 1024
    /// `read_knowledge` refuses files larger than this (1 MiB): a model cannot use more in one answer.
    public static let readLimit = 1024 * 1024

    /// Absolute path of the repo root.
    public let repo: String
    /// The files, `AGENTS.md` first, then sorted by path bytes.
    public let documents: [KnowledgeDocument]
    /// Files skipped, and why.
    public let notes: [KnowledgeNote]

    public init(repo: String, documents: [KnowledgeDocument], notes: [KnowledgeNote] = []) {
        self.repo = repo
        self.documents = documents
        self.notes = notes
    }

    /// Finds, checks and hashes the knowledge of the repo at `repo` (an absolute path).
    /// - Parameter maxFileBytes: files above this size go to the index only.
    /// - Returns: the knowledge; empty (not an error) when the repo has none.
    public static func load(repo: String, maxFileBytes: Int = defaultMaxFileBytes) -> KnowledgeBase {
        let root = repo.count > 1 && repo.hasSuffix("/") ? String(repo.dropLast()) : repo
        var discovery = KnowledgeDiscovery(repo: root, maxFileBytes: maxFileBytes)
        discovery.run()
        return KnowledgeBase(repo: root, documents: discovery.documents, notes: discovery.notes)
    }
}
