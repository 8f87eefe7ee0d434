import Mustache

/// The boot template: Mustache text that, rendered with an agent's variables, becomes its system prompt.
///
/// The repo's `src/boot.md` when present and valid, else `builtIn`. Rendering is plain text: nothing is
/// HTML-escaped (`{{x}}` and `{{{x}}}` are the same), because a prompt is not HTML and markdown is full of
/// `<`, `&` and quotes. Partials are not supported (a template is one file, so its bytes identify it).
/// Variables: see `BootContext` and docs/knowledge.md.
public struct BootTemplate: Sendable {
    /// Where the repo's template lives, repo-relative.
    public static let path = "src/boot.md"

    /// Where a template came from.
    public enum Source: Sendable, Equatable {
        case builtIn
        case file(String)
    }

    public let source: Source
    let template: MustacheTemplate

    /// Prepended to every template so rendering never HTML-escapes. Standalone, so it renders to nothing;
    /// parse errors are reported one line up to hide it.
    static let pragma = "{{% CONTENT_TYPE: TEXT }}\n"

    /// Parses `text`; `path` names it in errors.
    /// - Throws: `KnowledgeError.template` with the 1-based line and column of the problem.
    public init(text: String, path: String) throws(KnowledgeError) {
        do {
            template = try MustacheTemplate(string: Self.pragma + text)
        } catch let error as MustacheTemplate.ParserError {
            throw .template(
                path: path, line: max(1, error.context.lineNumber - 1), column: error.context.columnNumber,
                message: Self.explain(error.error))
        } catch {
            throw .template(path: path, line: 1, column: 1, message: "\(error)")
        }
        source = .file(path)
    }

    private init(builtIn text: String) {
        // The built-in text is a constant checked by the test suite; it always parses.
        template = try! MustacheTemplate(string: Self.pragma + text)
        source = .builtIn
    }

    /// The template used when the repo has no `src/boot.md` or it does not parse.
    public static let builtIn = BootTemplate(builtIn: builtInText)

    /// The repo's template, else the built-in one with a note saying why (unreadable, not UTF-8, does not
    /// parse). A missing file is not a problem and gives no note.
    public static func load(repo: String) -> (template: BootTemplate, note: KnowledgeNote?) {
        let full = repo + "/" + path
        guard FileProbe.kind(full) != .missing else { return (builtIn, nil) }
        let failure: KnowledgeError
        switch FileProbe.read(full, limit: KnowledgeBase.defaultMaxFileBytes) {
        case .success(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                failure = .notText(path: path)
                break
            }
            do {
                return (try BootTemplate(text: text, path: path), nil)
            } catch {
                failure = error
            }
        case .failure(.tooLarge(let bytes)):
            failure = .tooLarge(path: path, bytes: bytes, limit: KnowledgeBase.defaultMaxFileBytes)
        case .failure(.notRegular):
            failure = .notRegularFile(path: path)
        case .failure(.system(let errno)):
            failure = .io(path: path, errno: errno)
        }
        return (builtIn, KnowledgeNote(code: "boot_template", error: failure))
    }

    /// Renders the template with `context`'s variables.
    public func render(_ context: BootContext) -> String {
        template.render(context.variables)
    }

    static func explain(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: "a section is closed with a different name than it was opened with"
        case .unfinishedName?: "a tag is not closed (missing '}}') or its name is malformed"
        case .expectedSectionEnd?: "a section is opened but never closed (missing '{{/name}}')"
        case .invalidSetDelimiter?: "a set-delimiter tag ('{{=<% %>=}}') is malformed"
        case .transformAppliedToInheritanceSection?: "a transform is applied to an inheritance section"
        case .illegalTokenInsideInheritSection?, .textInsideInheritSection?: "an inheritance section holds text"
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?: "a '{{% …}}' pragma is not supported"
        case nil: "\(error)"
        }
    }
}
