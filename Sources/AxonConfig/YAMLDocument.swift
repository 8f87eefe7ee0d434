internal import Yams

/// Step 1 of loading: text → Yams node tree, with duplicate keys located instead of fatal.
///
/// Yams' composer throws at the first duplicate key of a mapping and reports only where the *first*
/// occurrence is. To report every problem (and point at the second occurrence, as users expect), the
/// duplicate is found in the text, its key is overwritten with private-use characters of the same length (so
/// every line and column stays valid), and composing starts again. The validator then reports the rewritten
/// keys from `duplicates`, keyed by position.
struct YAMLDocument {
    struct Position: Hashable {
        var line: Int
        var column: Int
    }

    struct Duplicate {
        var key: String
        var firstLine: Int
    }

    /// The document root; nil for an empty document (only comments or nothing).
    var root: Node?
    var duplicates: [Position: Duplicate] = [:]
    /// Syntax problems; when not empty, `root` is nil.
    var diagnostics: [ConfigDiagnostic] = []

    /// - Parameter fileLine: maps a line of `yaml` to the line of the file that embeds it, for lines named inside
    ///   messages (`while parsing a flow node at line N`); the diagnostics' own positions stay in `yaml`.
    init(yaml: String, file: String, fileLine: (Int) -> Int = { $0 }) {
        var text = yaml
        for attempt in 0..<500 {
            do {
                // `.utf8` explicitly: Yams' default encoding reads the whole process environment on every parse.
                root = try Yams.compose(yaml: text, YAMLScalar.resolver, .default, .utf8)
                return
            } catch YamlError.duplicatedKeysInMapping(let keys, let context) {
                let key = keys.first ?? "?"
                let first = Position(line: context.mark.line, column: context.mark.column)
                guard
                    let (second, rewritten) = DuplicateKeyLocator.rewrite(
                        text: text, key: key, first: first, serial: attempt)
                else {
                    diagnostics = [
                        ConfigDiagnostic(
                            file: file, line: first.line, column: first.column,
                            message: "duplicate key '\(key)' in this mapping; remove one of them")
                    ]
                    return
                }
                duplicates[second] = Duplicate(key: key, firstLine: first.line)
                text = rewritten
            } catch let error as YamlError {
                diagnostics = [Self.diagnostic(for: error, yaml: text, file: file, fileLine: fileLine)]
                return
            } catch {
                diagnostics = [ConfigDiagnostic(file: file, line: 1, column: 1, message: "cannot parse YAML: \(error)")]
                return
            }
        }
        diagnostics = [ConfigDiagnostic(file: file, line: 1, column: 1, message: "too many duplicate keys")]
    }

    /// A Yams error as one diagnostic, with a remedy for the common cases.
    static func diagnostic(for error: YamlError, yaml: String, file: String, fileLine: (Int) -> Int = { $0 })
        -> ConfigDiagnostic
    {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "YAML syntax error: \(problem)"
            if let context { message += " (\(context.text) at line \(fileLine(context.mark.line)))" }
            if problem == "but found another document" {
                message = "fleet.yaml holds a single YAML document; remove the '---' and everything after it"
            } else if character(in: yaml, at: mark) == "\t" {
                message = "YAML syntax error: tabs cannot indent YAML; use spaces"
            } else if problem == "found undefined alias" {
                message = "YAML alias refers to an undefined anchor; define it with '&name' before using '*name'"
            }
            return ConfigDiagnostic(file: file, line: mark.line, column: mark.column, message: message)
        case .reader(let problem, let offset, _, _):
            let (line, column) = position(in: yaml, characterOffset: offset ?? 0)
            return ConfigDiagnostic(
                file: file, line: line, column: column,
                message: "not a YAML text file: \(problem); fleet.yaml must be UTF-8 text without control characters")
        default:
            return ConfigDiagnostic(file: file, line: 1, column: 1, message: "cannot parse YAML: \(error)")
        }
    }

    private static func character(in yaml: String, at mark: Mark) -> Unicode.Scalar? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let scalars = Array(lines[mark.line - 1].unicodeScalars)
        return mark.column >= 1 && mark.column <= scalars.count ? scalars[mark.column - 1] : nil
    }

    /// 1-based line and column (in Unicode scalars) of a Character offset.
    private static func position(in yaml: String, characterOffset: Int) -> (Int, Int) {
        var line = 1, column = 1
        for (i, c) in yaml.enumerated() {
            if i >= characterOffset { break }
            if c == "\n" || c == "\r\n" {
                line += 1
                column = 1
            } else {
                column += c.unicodeScalars.count
            }
        }
        return (line, column)
    }
}
