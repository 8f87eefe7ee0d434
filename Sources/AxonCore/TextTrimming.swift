extension StringProtocol {
    /// The text without leading and trailing whitespace and newlines (no Foundation: `trimmingCharacters`
    /// pulls in ICU-backed character sets).
    public var trimmingWhitespace: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
