import AxonConfig

/// Something a user should hear about knowledge loading that did not stop it: a file skipped, a template
/// that did not parse. The runtime records each note in the session's trace.
public struct KnowledgeNote: Sendable, Equatable, CustomStringConvertible {
    /// A short stable code: `knowledge_skipped` (a file was left out), `boot_template` (the template fell
    /// back to the built-in one) or `skill_invalid` (a SKILL.md was left out).
    public var code: String
    public var error: KnowledgeError

    public init(code: String, error: KnowledgeError) {
        self.code = code
        self.error = error
    }

    public var description: String { error.description }

    static func skipped(_ error: KnowledgeError) -> KnowledgeNote { .init(code: "knowledge_skipped", error: error) }
    static func invalidSkill(_ d: ConfigDiagnostic) -> KnowledgeNote {
        .init(code: "skill_invalid", error: .skill(path: d.file, line: d.line, column: d.column, message: d.message))
    }
}
