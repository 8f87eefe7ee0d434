public import AxonConfig
import AxonCore
import Crypto

/// One skill (the Agent Skills convention): a folder `.agents/skills/NAME/` whose `SKILL.md` starts with YAML
/// front matter naming and describing it. The catalog (name + description) goes into the system prompt; the
/// body and the list of the folder's other files come from the `load_skill` tool, on demand.
public struct Skill: Sendable, Equatable {
    public var name: String
    public var description: String
    /// Repo-relative path of the `SKILL.md`.
    public var path: String
    /// The markdown after the front matter.
    public var body: String
    /// Repo-relative paths of the folder's other files (sorted, at most `SkillCatalog.maxFiles`).
    public var files: [String]
    /// SHA-256 of `SKILL.md`, for hot-load diffs.
    public var hash: String
}

/// Finds and validates the skills of a repo. Never throws and never crashes on a user file: a skill that does
/// not validate is left out with a `file:line:col` diagnostic, and the others load.
public enum SkillCatalog {
    /// Where skills live, repo-relative.
    public static let root = ".agents/skills"
    public static let fileName = "SKILL.md"
    /// Larger `SKILL.md` files are refused: a skill body is loaded whole into a tool result.
    static let maxBytes = 256 * 1024
    static let maxDescription = 1024
    static let maxFiles = 200

    /// Every valid skill of the repo at `repo` (absolute path), sorted by name, and the problems found.
    public static func load(repo: String) -> (skills: [Skill], diagnostics: [ConfigDiagnostic]) {
        let base = repo + "/" + root
        guard FileProbe.kind(base) == .directory, case .success(let names) = FileProbe.entries(base) else {
            return ([], [])
        }
        var skills: [Skill] = []
        var diagnostics: [ConfigDiagnostic] = []
        for folder in names.sorted() where !folder.hasPrefix(".") {
            let relative = root + "/" + folder + "/" + fileName
            // A folder without SKILL.md may be a skill being written (published by rename of the folder or file).
            guard FileProbe.kind(repo + "/" + root + "/" + folder) == .directory,
                FileProbe.kind(repo + "/" + relative) != .missing
            else { continue }
            switch read(repo: repo, folder: folder, path: relative) {
            case .success(let skill): skills.append(skill)
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        return (skills, diagnostics)
    }

    private static func read(repo: String, folder: String, path: String) -> Result<Skill, ConfigDiagnostic> {
        func problem(_ line: Int, _ column: Int, _ message: String) -> Result<Skill, ConfigDiagnostic> {
            .failure(ConfigDiagnostic(file: path, line: line, column: column, message: message))
        }
        let bytes: [UInt8]
        switch FileProbe.read(repo + "/" + path, limit: maxBytes) {
        case .success(let read): bytes = read
        case .failure(.tooLarge(let size)): return problem(1, 1, "\(size) bytes, over the \(maxBytes)-byte limit")
        case .failure(.notRegular): return problem(1, 1, "not a regular file")
        case .failure(.system(let code)): return problem(1, 1, POSIX.reason(code))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { return problem(1, 1, "not UTF-8 text") }
        let parsed: FrontMatter
        switch FrontMatter.parse(text, file: path) {
        case .success(let value): parsed = value
        case .failure(let error): return problem(error.line, error.column, error.message)
        }
        guard let name = parsed.fields["name"] else {
            return problem(parsed.line, 1, "the front matter needs `name:` (the folder's name, '\(folder)')")
        }
        guard let description = parsed.fields["description"], !description.isEmpty else {
            return problem(parsed.line, 1, "the front matter needs a non-empty `description:` (when to use the skill)")
        }
        guard NameRule.isValid(name) else {
            return problem(
                parsed.line, 1, "invalid skill name '\(name)': a letter, then letters, digits, '_' or '-' (64 at most)")
        }
        guard name == folder else {
            return problem(parsed.line, 1, "name '\(name)' does not match its folder '\(folder)'; rename one of them")
        }
        guard description.count <= maxDescription else {
            return problem(
                parsed.line, 1, "the description is \(description.count) characters; at most \(maxDescription)")
        }
        return .success(
            Skill(
                name: name, description: description, path: path, body: parsed.body,
                files: files(repo: repo, folder: root + "/" + folder),
                hash: KnowledgeDiscovery.hex(SHA256.hash(data: bytes))))
    }

    /// The folder's files other than SKILL.md, repo-relative, breadth-first, hidden names skipped.
    private static func files(repo: String, folder: String) -> [String] {
        var found: [String] = []
        var queue = [folder]
        while let dir = queue.first, found.count < maxFiles {
            queue.removeFirst()
            guard case .success(let names) = FileProbe.entries(repo + "/" + dir) else { continue }
            for name in names.sorted() where !name.hasPrefix(".") {
                let relative = dir + "/" + name
                if FileProbe.isSymlink(repo + "/" + relative) { continue }
                switch FileProbe.kind(repo + "/" + relative) {
                case .directory: queue.append(relative)
                case .regular where relative != folder + "/" + fileName: found.append(relative)
                default: break
                }
            }
        }
        return Array(found.sorted().prefix(maxFiles))
    }
}
