/// Checks the repo-relative globs of fleet.yaml (policy paths, tool patterns, watch roots).
///
/// The policy engine resolves globs against the repo root and refuses to leave it; a glob that could only
/// match outside (absolute, or with a `..` segment) or that cannot be parsed is a configuration error, found
/// here with its position instead of silently matching nothing at run time.
enum GlobCheck {
    /// Why `glob` is invalid, as the end of a sentence; nil if it is fine.
    static func problem(in glob: String) -> String? {
        if glob.isEmpty { return "a glob must not be empty" }
        if glob.hasPrefix("/") || glob.hasPrefix("~") {
            return
                "'\(glob)' is an absolute path; globs are relative to the repo root (drop the leading '\(glob.first!)')"
        }
        if glob.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
            return "'\(glob)' has a '..' segment; globs must stay inside the repo"
        }
        if let bracket = unbalancedBracket(in: glob) {
            return "'\(glob)' has an unclosed '[' at character \(bracket + 1); close it with ']' or escape it as '\\['"
        }
        return nil
    }

    /// The offset of a `[` with no closing `]` (a `]` right after `[` or `[!` is literal, `\` escapes).
    private static func unbalancedBracket(in glob: String) -> Int? {
        let chars = Array(glob)
        var i = 0
        while i < chars.count {
            switch chars[i] {
            case "\\":
                i += 2
            case "[":
                let open = i
                var j = i + 1
                if j < chars.count, chars[j] == "!" || chars[j] == "^" { j += 1 }
                if j < chars.count, chars[j] == "]" { j += 1 }
                while j < chars.count, chars[j] != "]" { j += 1 }
                if j >= chars.count { return open }
                i = j + 1
            default:
                i += 1
            }
        }
        return nil
    }
}
