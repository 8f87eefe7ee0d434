/// Which tool names an agent's `tools: {allow, deny}` lets through (globs on names; deny beats allow).
public struct ToolNameFilter: Sendable, Equatable {
    public var allow: [String]
    public var deny: [String]
    public init(allow: [String], deny: [String]) {
        self.allow = allow
        self.deny = deny
    }

    public func permits(_ name: String) -> Bool {
        if deny.contains(where: { Glob.matchSegment($0, name) }) { return false }
        return allow.contains { Glob.matchSegment($0, name) }
    }
}
