/// Caps every tool result to what a model should see at once.
public enum OutputCap {
    /// 64 KiB: the most any tool result carries.
    public static let bytes = 64 * 1024

    /// `text` cut to `limit` bytes (on a character boundary) with a visible marker saying how much was left out.
    public static func apply(_ text: String, limit: Int = bytes) -> String {
        let utf8 = text.utf8
        guard utf8.count > limit else { return text }
        var end = utf8.index(utf8.startIndex, offsetBy: limit)
        while end > utf8.startIndex, !text.indices.contains(end) { end = utf8.index(before: end) }
        let kept = String(text[..<end])
        return kept + "\n[truncated: \(utf8.count - kept.utf8.count) more bytes not shown]"
    }
}
