/// Why a knowledge file could not be read, or why the boot template was not used.
///
/// Each description is one sentence that names the file and ends with what to do about it. These errors are
/// answers to the model (`read_knowledge`) or notes in the trace; none of them stops a session.
public enum KnowledgeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path is absolute, climbs out with `..`, or is not under a knowledge root.
    case outsideKnowledge(path: String)
    /// The path resolves (through a symlink) to somewhere outside the repo or outside the knowledge roots.
    case escapes(path: String)
    /// Nothing exists at the path.
    case notFound(path: String)
    /// The path is a directory, FIFO, socket or device.
    case notRegularFile(path: String)
    /// The file is not UTF-8 text (or holds NUL bytes).
    case notText(path: String)
    /// The file is larger than `limit` bytes.
    case tooLarge(path: String, bytes: Int, limit: Int)
    /// A system call failed.
    case io(path: String, errno: Int32)
    /// `src/boot.md` does not parse as Mustache; `line`/`column` are 1-based.
    case template(path: String, line: Int, column: Int, message: String)
    /// A skill's `SKILL.md` does not validate; the skill is left out of the catalog.
    case skill(path: String, line: Int, column: Int, message: String)

    public var description: String {
        switch self {
        case .outsideKnowledge(let path):
            "'\(path)' is not a knowledge file: use a repo-relative path under data/knowledge/ or "
                + ".agents/knowledge/ (or AGENTS.md), without '..'."
        case .escapes(let path):
            "'\(path)' resolves outside the knowledge directories (a symlink?); only files inside them can be read."
        case .notFound(let path):
            "no knowledge file at '\(path)'; check the path against the index in the system prompt."
        case .notRegularFile(let path):
            "'\(path)' is not a regular file; knowledge files are markdown files."
        case .notText(let path):
            "'\(path)' is not UTF-8 text (or holds NUL bytes); knowledge files must be UTF-8 markdown."
        case .tooLarge(let path, let bytes, let limit):
            "'\(path)' is \(bytes) bytes, over the \(limit)-byte limit; split it into smaller files."
        case .io(let path, let errno):
            "reading '\(path)' failed: \(FileProbe.describe(errno: errno)) (errno \(errno)); check its permissions."
        case .template(let path, let line, let column, let message):
            "\(path):\(line):\(column): \(message); the built-in boot template is used until it is fixed."
        case .skill(let path, let line, let column, let message):
            "\(path):\(line):\(column): \(message); the skill is left out until it is fixed."
        }
    }
}
