public import AxonCore

/// Which of an agent's tools go into each model request (`direct`) and which wait behind `search_tools`
/// (`deferred`): a registry can outgrow what a provider accepts in one request (OpenAI: 128 tools) or a
/// sensible share of the context for tool schemas.
///
/// Built-in tools are always direct (they are few and every agent's base); the others follow in precedence
/// order while they fit under `tools.max_direct` (one place kept for `search_tools`) and `tools.budget_kb` of
/// schema JSON. When anything is left over, `search_tools` is offered too; a tool it finds is offered directly
/// for the rest of that request.
public struct ToolOffer: Sendable {
    public var direct: [Tool]
    public var deferred: [Tool]

    static let none = ToolOffer(direct: [], deferred: [])

    /// Splits `tools` (the agent's visible tools, in precedence order).
    static func split(_ tools: [Tool], maxDirect: Int, budgetBytes: Int) -> ToolOffer {
        var direct: [Tool] = []
        var deferred: [Tool] = []
        var bytes = 0
        let total = tools.reduce(0) { $0 + $1.schemaBytes }
        // Everything fits: no search_tools at all.
        if tools.count <= maxDirect, total <= budgetBytes { return ToolOffer(direct: tools, deferred: []) }
        let room = (maxDirect - 1, budgetBytes - SearchTool.searchTools.schemaBytes)
        for tool in tools {
            let size = tool.schemaBytes
            if tool.kind == .builtin || (deferred.isEmpty && direct.count < room.0 && bytes + size <= room.1) {
                direct.append(tool)
                bytes += size
            } else {
                deferred.append(tool)
            }
        }
        if !deferred.isEmpty { direct.append(SearchTool.searchTools) }
        return ToolOffer(direct: direct, deferred: deferred)
    }

    /// The deferred tools that best match `query` (each word of it against name and description,
    /// case-insensitive; more matched words first, then precedence order), at most `limit`.
    func search(_ query: String, limit: Int) -> [Tool] {
        let words = query.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard !words.isEmpty else { return Array(deferred.prefix(limit)) }
        let scored = deferred.enumerated().compactMap { index, tool -> (score: Int, index: Int, tool: Tool)? in
            let text = (tool.name + " " + tool.spec.description).lowercased()
            let score = words.filter { text.contains($0) }.count
            return score > 0 ? (score, index, tool) : nil
        }
        return scored.sorted { ($0.score, -$0.index) > ($1.score, -$1.index) }.prefix(limit).map(\.tool)
    }
}
