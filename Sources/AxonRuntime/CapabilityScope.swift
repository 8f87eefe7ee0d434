import AxonKnowledge
import AxonMCP
import AxonTools

/// Which parts of a session's capabilities a change can touch, so a reload re-reads only those: a new tool
/// file does not re-render a thousand knowledge files, and a knowledge edit does not re-scan the tools.
public struct CapabilityScope: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The tool directories (`src/tools/`, `.agents/tools/`).
    public static let tools = CapabilityScope(rawValue: 1 << 0)
    /// What the system prompt is rendered from: knowledge, `AGENTS.md`, `src/boot.md`, skills.
    public static let prompt = CapabilityScope(rawValue: 1 << 1)
    /// `.agents/mcp.json` and the MCP servers' tool lists.
    public static let mcp = CapabilityScope(rawValue: 1 << 2)
    public static let all: CapabilityScope = [.tools, .prompt, .mcp]

    /// The parts `paths` (repo-relative) can change. A path outside every known part — `fleet.yaml`, a
    /// `watch.extra`, anything new under `.agents/` — re-reads everything: a reload too many costs time, a
    /// reload too few would cost a capability.
    public static func touched(by paths: some Sequence<String>) -> CapabilityScope {
        var scope: CapabilityScope = []
        for path in paths {
            guard let part = part(of: path) else { return .all }
            scope.insert(part)
            if scope == .all { break }
        }
        return scope
    }

    static func part(of path: String) -> CapabilityScope? {
        var path = Substring(path)
        while path.hasPrefix("./") { path = path.dropFirst(2) }
        func under(_ directory: String) -> Bool { path.hasPrefix(directory + "/") }
        if ToolCatalog.directories.contains(where: under) { return .tools }
        if path == MCPConfiguration.agentsFile { return .mcp }
        if path == BootTemplate.path || path == KnowledgeBase.agentsFile || under(SkillCatalog.root)
            || KnowledgeBase.roots.contains(where: under)
        {
            return .prompt
        }
        return nil
    }
}
