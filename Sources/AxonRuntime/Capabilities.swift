import AxonConfig
import AxonCore
import AxonKnowledge
import AxonMCP
import AxonTools
import AxonTrace

/// One generation of what a session can use: its tools (built-in, executable, MCP), skills, knowledge and
/// boot template rendered into the system prompt, and the fingerprints a reload is diffed by.
///
/// A value, built by `load` from the files as they are now; the session swaps it in whole at a safe point, so a
/// model call always sees one consistent generation. Nothing in a user's file can make `load` fail: a file
/// that no longer validates keeps its last good version (from `previous`) and is listed in `problems`.
struct Capabilities: Sendable {
    /// The source's generation this was built for (0: the session's boot).
    var generation: Int
    var tools: ToolCatalog
    var prompt: SystemPrompt
    var mcpServers: [MCPServerConfig]
    /// The MCP servers' tools, as the catalog got them.
    var mcpTools: [Tool]
    var fingerprints: CapabilityFingerprints
    /// Every problem to fix, one line each (`path:line:col: message` where there is a place).
    var problems: [String]
    /// The MCP configuration's problems among them (the catalog's own are in `tools.problems`).
    var mcpProblems: [String]

    var skills: [Skill] { prompt.parts.skills }
    /// The files a reload of everything would look at (tools and knowledge).
    var fileCount: Int { tools.entries.count + prompt.knowledge.count }

    /// The MCP pool's state a generation is built from: servers, their tools, configuration problems.
    typealias MCPState = (servers: [MCPServerConfig], tools: [Tool], problems: [String])

    /// Reads the repo's capabilities for `agent`.
    /// - Parameters:
    ///   - box: the session's tools (for what the agent's policy offers).
    ///   - mcp: the MCP pool's current state.
    ///   - previous: the generation this one replaces: broken files keep their last good version from it.
    ///   - scope: the parts read again; the others are taken from `previous` as they are.
    ///   - changed: the paths changed since `previous`, when known: other tool files are not looked at.
    static func load(
        generation: Int, agent: AgentSpec, config: FleetConfig, workspace: Workspace, box: ToolBox,
        mcp: MCPState, previous: Capabilities?, scope: CapabilityScope = .all, changed: Set<String>? = nil
    ) -> Capabilities {
        let scope = previous == nil ? .all : scope
        var fingerprints = previous?.fingerprints ?? CapabilityFingerprints()
        let catalog: ToolCatalog
        if let previous, scope.isDisjoint(with: [.tools, .mcp]) {
            catalog = previous.tools
        } else {
            catalog = ToolCatalog.load(
                root: workspace.root, trust: agent.tools.trust, external: mcp.tools, lastGood: previous?.tools,
                changed: changed)
        }
        let prompt: SystemPrompt
        if let previous, !scope.contains(.prompt) {
            prompt = previous.prompt
        } else {
            prompt = SystemPrompt.render(
                agent: agent, config: config, workspace: workspace, lastGood: previous?.prompt.parts)
            fingerprints.skills = [:]
            for skill in prompt.parts.skills { fingerprints.skills[skill.name] = skill.hash }
            fingerprints.knowledge = [:]
            for file in prompt.knowledge { fingerprints.knowledge[file.path] = file.hash }
            if case .file(let path) = prompt.parts.template.source,
                let hash = FileAccess.sha256(contentsOf: workspace.root + "/" + path)
            {
                fingerprints.knowledge[path] = hash
            }
        }
        // What is offered depends on the catalog and on whether there are skills (`load_skill`).
        fingerprints.tools = [:]
        // An executable tool's body can change under the same manifest: its file's hash is part of it.
        let hashes = Dictionary(
            catalog.entries.compactMap { entry in entry.hash.map { (entry.source, $0) } },
            uniquingKeysWith: { first, _ in first })
        for tool in box.offered((catalog, !prompt.parts.skills.isEmpty)) {
            let body = hashes[tool.source] ?? ""
            // Two strings made once each: a reload of many tools builds no new ones.
            fingerprints.tools[tool.name] = ToolPrint(identity: tool.identity, body: body)
        }
        fingerprints.mcp = [:]
        for server in mcp.servers { fingerprints.mcp[server.name] = server.configHash }
        return Capabilities(
            generation: generation, tools: catalog, prompt: prompt, mcpServers: mcp.servers, mcpTools: mcp.tools,
            fingerprints: fingerprints, problems: catalog.problems + prompt.notices + mcp.problems,
            mcpProblems: mcp.problems)
    }
}

/// Name → content identity of each capability a session offers, per kind: what two generations are diffed by.
struct CapabilityFingerprints: Sendable, Equatable {
    var tools: [String: ToolPrint] = [:]
    var skills: [String: String] = [:]
    /// Knowledge files and the boot template, by repo-relative path.
    var knowledge: [String: String] = [:]
    /// MCP servers by name (their configuration).
    var mcp: [String: String] = [:]

    /// What is new, changed and gone in `newer`, each list sorted.
    func changes(to newer: CapabilityFingerprints) -> CapabilityChanges {
        func diff<V: Equatable>(_ old: [String: V], _ new: [String: V]) -> (
            added: [String], changed: [String], removed: [String]
        ) {
            (
                new.keys.filter { old[$0] == nil }.sorted(),
                new.keys.filter { old[$0] != nil && old[$0] != new[$0] }.sorted(),
                old.keys.filter { new[$0] == nil }.sorted()
            )
        }
        let t = diff(tools, newer.tools), s = diff(skills, newer.skills)
        let k = diff(knowledge, newer.knowledge), m = diff(mcp, newer.mcp)
        return CapabilityChanges(
            added: CapabilityNames(tools: t.added, knowledge: k.added, skills: s.added, mcp: m.added),
            changed: CapabilityNames(tools: t.changed, knowledge: k.changed, skills: s.changed, mcp: m.changed),
            removed: CapabilityNames(tools: t.removed, knowledge: k.removed, skills: s.removed, mcp: m.removed))
    }
}

/// What a tool is compared by across generations: what it offers, and the hash of its file's content.
struct ToolPrint: Sendable, Equatable {
    var identity: String
    var body: String
}

/// The difference between two generations, as `capabilities.reloaded` records it.
struct CapabilityChanges: Sendable, Equatable {
    var added: CapabilityNames
    var changed: CapabilityNames
    var removed: CapabilityNames

    var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }

    /// The one short note the model gets before its next call (a system message in the conversation, so the
    /// cached prompt prefix before it stays as it was).
    var note: String {
        var parts: [String] = []
        func say(_ label: String, _ names: [String]) {
            if !names.isEmpty { parts.append(label + ": " + names.joined(separator: ", ")) }
        }
        say("new tools", added.tools)
        say("changed tools", changed.tools)
        say("removed tools", removed.tools)
        say("new skills", added.skills)
        say("changed skills", changed.skills)
        say("removed skills", removed.skills)
        say("MCP servers added", added.mcp)
        say("MCP servers changed", changed.mcp)
        say("MCP servers removed", removed.mcp)
        let knowledge = added.knowledge + changed.knowledge + removed.knowledge
        if !knowledge.isEmpty {
            parts.append("knowledge updated (the system prompt has the new text): " + knowledge.joined(separator: ", "))
        }
        return "[axon] Your capabilities changed since your last turn. " + parts.joined(separator: "; ") + "."
    }
}
