/// Titles for the index: what a model sees before deciding to read a file.
enum MarkdownTitle {
    /// The text of the first ATX heading (`#`…`######`) outside fenced code and YAML front matter, else
    /// `fallback`. Closing `#`s and surrounding spaces are dropped.
    static func first(in text: Substring, fallback: String) -> String {
        var inFence = false
        var inFrontMatter = false
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if index == 0 && line == "---" {
                inFrontMatter = true
                continue
            }
            if inFrontMatter {
                if line == "---" || line == "..." { inFrontMatter = false }
                continue
            }
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                inFence.toggle()
                continue
            }
            if inFence || line.count - trimmed.count > 3 { continue }
            let hashes = trimmed.prefix(while: { $0 == "#" }).count
            guard (1...6).contains(hashes) else { continue }
            let rest = trimmed.dropFirst(hashes)
            guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { continue }
            var title = rest.trimmingSpaces()
            while title.hasSuffix("#") { title = String(title.dropLast()) }
            title = Substring(title).trimmingSpaces()
            if !title.isEmpty { return title }
        }
        return fallback
    }
}

extension Substring {
    /// Drops leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
