import AxonConfig
import AxonCore

/// A markdown file's YAML front matter: the lines between a first line `---` and the next `---` line.
struct FrontMatter {
    /// String values of the front matter's top-level keys (other values are left out).
    var fields: [String: String]
    /// The line of the opening `---` (1), for problems about the block as a whole.
    var line: Int
    /// Everything after the closing `---`.
    var body: String

    struct Problem: Error {
        var line: Int
        var column: Int
        var message: String
    }

    static func parse(_ text: String, file: String = "") -> Result<FrontMatter, Problem> {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingTrailingCR == "---" || first.trimmingTrailingCR == "\u{FEFF}---"
        else {
            return .failure(
                Problem(
                    line: 1, column: 1,
                    message:
                        "SKILL.md must start with YAML front matter: a line '---', `name:` and `description:`, then '---'"
                ))
        }
        guard let close = lines.dropFirst().firstIndex(where: { $0.trimmingTrailingCR == "---" }) else {
            return .failure(
                Problem(
                    line: 1, column: 1, message: "the front matter opened on line 1 is never closed with a line '---'"))
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        switch YAMLMapping.parse(yaml, file: file, firstLine: 2) {
        case .failure(let diagnostic):
            return .failure(Problem(line: diagnostic.line, column: diagnostic.column, message: diagnostic.message))
        case .success(let mapping):
            var fields: [String: String] = [:]
            for (key, value) in mapping.values {
                if case .string(let s) = value { fields[key] = s.trimmingWhitespace }
            }
            let body = lines[(close + 1)...].joined(separator: "\n")
            return .success(FrontMatter(fields: fields, line: 1, body: String(body.drop(while: { $0 == "\n" }))))
        }
    }
}

extension Substring {
    fileprivate var trimmingTrailingCR: Substring { hasSuffix("\r") ? dropLast() : self }
}
