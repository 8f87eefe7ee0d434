public import AxonCore

extension KnowledgeBase {
    /// Reads one knowledge file for the model: the `read_knowledge` tool.
    ///
    /// Reads the file as it is on disk now (it may have changed since boot). The same confinement as
    /// discovery applies: `path` is repo-relative, names `AGENTS.md` or a `*.md` file under a knowledge
    /// directory, has no `..` and no dot-named component, and must resolve (symlinks followed) inside a
    /// knowledge directory (`AGENTS.md`: inside the repo).
    /// - Parameter path: e.g. `data/knowledge/tracing.md`; a leading `./` is accepted.
    /// - Returns: the file's text.
    /// - Throws: `KnowledgeError` with a message meant for the model: outside the knowledge, escaping
    ///   through a symlink, not found, not a regular file, not UTF-8, over `readLimit`, or an I/O error.
    public func read(path: String) throws(KnowledgeError) -> String {
        let relative = try Self.normalize(path)
        let full = repo + "/" + relative
        guard FileProbe.kind(full) != .missing else { throw .notFound(path: relative) }
        guard let real = FileProbe.realPath(full), let repoReal = FileProbe.realPath(repo) else {
            throw .notFound(path: relative)
        }
        let confined: Bool
        if relative == Self.agentsFile {
            confined = real.isInside(repoReal)
        } else {
            confined = Self.roots.contains { root in
                guard let rootReal = FileProbe.realPath(repo + "/" + root), rootReal.isInside(repoReal) else {
                    return false
                }
                return real.isInside(rootReal)
            }
        }
        guard confined else { throw .escapes(path: relative) }
        switch FileProbe.read(full, limit: Self.readLimit) {
        case .success(let bytes):
            guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else {
                throw .notText(path: relative)
            }
            return text
        case .failure(.tooLarge(let bytes)): throw .tooLarge(path: relative, bytes: bytes, limit: Self.readLimit)
        case .failure(.notRegular): throw .notRegularFile(path: relative)
        case .failure(.system(let errno)): throw .io(path: relative, errno: errno)
        }
    }

    /// The lexical checks: repo-relative, under a knowledge root (or `AGENTS.md`), a `.md` file, no `..`.
    static func normalize(_ path: String) throws(KnowledgeError) -> String {
        guard !path.hasPrefix("/"), !path.contains("\0") else { throw .outsideKnowledge(path: path) }
        var parts = path.split(separator: "/", omittingEmptySubsequences: true)
        while parts.first == "." { parts.removeFirst() }
        guard !parts.isEmpty, !parts.contains(where: { $0.hasPrefix(".") && $0 != ".agents" }) else {
            throw .outsideKnowledge(path: path)
        }
        let relative = parts.joined(separator: "/")
        if relative == agentsFile { return relative }
        guard relative.hasSuffix(".md"), roots.contains(where: { relative.hasPrefix($0 + "/") }) else {
            throw .outsideKnowledge(path: path)
        }
        return relative
    }

    /// The `read_knowledge` tool as the model sees it: the shape of `AxonModels.ToolSpec` (name, description,
    /// JSON Schema of the arguments), so the tools module can wrap it without this module importing models.
    public static let readTool = KnowledgeToolDescription(
        name: "read_knowledge",
        description: """
            Read one knowledge file of this repository in full. Use it for the files listed in the knowledge \
            index of your instructions (they did not fit in the prompt). `path` is the repo-relative path as \
            listed, e.g. data/knowledge/tracing.md.
            """,
        inputSchema: .object([
            "type": .string("object"),
            "properties": .object([
                "path": .object([
                    "type": .string("string"),
                    "description": .string("Repo-relative path of a knowledge file, as listed in the index."),
                ])
            ]),
            "required": .array([.string("path")]),
            "additionalProperties": .bool(false),
        ]))
}

/// A tool's model-facing description: what `AxonModels.ToolSpec` holds.
public struct KnowledgeToolDescription: Sendable, Equatable {
    public var name: String
    public var description: String
    /// JSON Schema of the arguments object.
    public var inputSchema: JSONValue
}
