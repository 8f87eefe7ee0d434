/// One knowledge file found at boot: where it is, what it is called, and its exact bytes' identity.
///
/// `path` is repo-relative with `/` separators (never absolute, so prompts and traces are portable between
/// checkouts). `content` is nil for a file over the per-file cap: such a file is only listed in the index and
/// read on demand with `read_knowledge`.
public struct KnowledgeDocument: Sendable, Equatable {
    /// Repo-relative path, e.g. `data/knowledge/tracing.md` or `AGENTS.md`.
    public var path: String
    /// The first markdown heading, else the file name.
    public var title: String
    /// SHA-256 of the file's bytes, lowercase hex.
    public var hash: String
    /// Size in bytes.
    public var bytes: Int
    /// The file's text; nil when it is over the per-file cap.
    public var content: String?

    public init(path: String, title: String, hash: String, bytes: Int, content: String?) {
        self.path = path
        self.title = title
        self.hash = hash
        self.bytes = bytes
        self.content = content
    }

    /// True for the repo's root `AGENTS.md`, which templates see as `agents_md` rather than in `knowledge`.
    public var isAgentsFile: Bool { path == KnowledgeBase.agentsFile }
}
