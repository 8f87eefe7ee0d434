public import AxonConfig
public import AxonCore
import AxonPolicy
import Foundation

/// Every tool a session can know, resolved by precedence: built-in > `src/tools/` > `.agents/tools/` > MCP.
/// A value: `load(root:)` is a pure function of the files (and of the MCP tools it is given), so the hot-load
/// registry calls it again on each watcher snapshot and swaps the result in at a safe point.
///
/// Each discovered tool is an `Entry` with its status: `active` (offered, subject to the agent's
/// `tools: {allow, deny}`), `shadowed` (a tool of higher precedence has its name), `invalid` (its manifest
/// is broken; the diagnostic says where, as `path:line:col`), or `quarantined` (under `tools: {trust: review}`,
/// an agent wrote it and no human approved it yet). Nothing in a user's file can make loading fail.
public struct ToolCatalog: Sendable {
    /// One discovered tool, whatever its status.
    public struct Entry: Sendable {
        /// The tool's name; for a manifest without a usable name, the file's name up to its first dot.
        public var name: String
        public var kind: ToolKind
        /// `builtin` or the repo-relative path of its file.
        public var source: String
        public var status: ToolStatus
        /// Why an invalid tool is invalid (`path:line:col: message`).
        public var error: String?
        /// The runnable tool; nil when invalid.
        public var tool: Tool?
        /// SHA-256 (lowercase hex) of an executable tool's whole file; nil for built-ins or an unreadable file.
        public var hash: String? = nil
        /// Who wrote this version of an executable tool's file: an agent's name, or `unknown` (a human, a
        /// shell); nil for built-ins (docs/tools.md#provenance-and-trust).
        public var author: String? = nil
        /// The file's identity when it was read (device, inode, size, mtime, ctime): an unchanged file is not read
        /// again by the next load.
        var signature: StatSignature? = nil

        public var description: String { tool?.spec.description ?? "" }
    }

    /// Every tool found, in precedence order (built-ins first, then each directory in name order).
    public private(set) var entries: [Entry]
    /// The broken manifests, one diagnostic each.
    public var diagnostics: [ConfigDiagnostic]
    /// Damaged lines of `data/provenance.jsonl` (each skipped), or why it cannot be read.
    public var ledgerProblems: [String] = []

    /// The directories scanned for executable tools, highest precedence first (repo-relative).
    public static let directories = PathPolicy.toolDirectories

    /// The built-in tools, in the order the model is offered them.
    static let builtins: [Tool] = [
        FileTools.readFile, FileTools.writeFile, FileTools.editFile, DirectoryTools.listFiles,
        DirectoryTools.searchFiles, ShellTool.runShell, KnowledgeTool.readKnowledge, SkillTool.loadSkill,
    ]

    /// The built-in tools alone (a session in a directory without tool folders gets the same).
    public static let builtinOnly = ToolCatalog(candidates: builtins.map(Entry.init(active:)), diagnostics: [])

    /// Scans `root`'s tool directories and resolves precedence.
    /// - Parameters:
    ///   - trust: the agent's `tools.trust`: under `review`, tool files an agent wrote stay quarantined until a
    ///     human approves that exact content (the record is `data/provenance.jsonl`, read here, so this stays a
    ///     function of the files).
    ///   - external: tools from elsewhere (MCP servers), lowest precedence.
    ///   - lastGood: the catalog this one replaces: a tool file whose manifest broke keeps its last good
    ///     version active (with the new diagnostic as its error) instead of disappearing mid-session.
    ///   - changed: the repo-relative paths changed since `lastGood` was loaded, when a watcher says so: the
    ///     other files are taken from `lastGood` without being looked at.
    public static func load(
        root: String, trust: ToolsSpec.Trust = .auto, external: [Tool] = [], lastGood: ToolCatalog? = nil,
        changed: Set<String>? = nil
    ) -> ToolCatalog {
        var candidates = builtins.map(Entry.init(active:))
        var diagnostics: [ConfigDiagnostic] = []
        for directory in directories {
            let (found, problems) = ToolDiscovery.scan(
                root: root, directory: directory, unchanged: lastGood, changed: changed)
            candidates += found
            diagnostics += problems
        }
        let ledger = Provenance(root: root).read()
        candidates = candidates.map { ToolReview.apply(ledger, trust: trust, to: $0) }
        candidates += external.map(Entry.init(active:))
        if let lastGood { candidates = candidates.map { lastGood.keepingLastGood(of: $0) } }
        var catalog = ToolCatalog(candidates: candidates, diagnostics: diagnostics)
        catalog.ledgerProblems = ledger.problems
        return catalog
    }

    /// `candidate`, or — when it is invalid and this catalog ran a good version of the same file — that
    /// version, still active, carrying the new error.
    func keepingLastGood(of candidate: Entry) -> Entry {
        guard candidate.status == .invalid,
            // Only a version that was offered comes back (never a quarantined one).
            var good = entries.first(where: { $0.source == candidate.source && $0.status == .active })
        else { return candidate }
        let problem = candidate.error ?? "\(candidate.source): invalid tool"
        good.error = problem + " (the last good version stays active until the file is fixed)"
        good.status = .active
        return good
    }

    /// Resolves `candidates` (in precedence order): the first valid tool of each name is active, later valid
    /// ones with that name are shadowed by it; invalid ones stay invalid and shadow nothing.
    public init(candidates: [Entry], diagnostics: [ConfigDiagnostic]) {
        var winners: [String: String] = [:]
        entries = candidates.map { candidate in
            var entry = candidate
            // Held back by review: it claims no name, so it can never hide a tool that is offered.
            if case .quarantined = entry.status { return entry }
            guard entry.status != .invalid, entry.tool != nil else {
                entry.status = .invalid
                return entry
            }
            if let winner = winners[entry.name] {
                entry.status = .shadowed(by: winner)
            } else {
                winners[entry.name] = entry.source
                entry.status = .active
            }
            return entry
        }
        self.diagnostics = diagnostics
    }

    /// The active tools, in precedence order.
    public var active: [Tool] { entries.compactMap { $0.status == .active ? $0.tool : nil } }

    /// The active tool called `name`.
    public func tool(named name: String) -> Tool? {
        entries.first { $0.status == .active && $0.name == name }?.tool
    }

    /// One line per problem a user should fix: each invalid manifest and each shadowed tool.
    public var problems: [String] {
        entries.compactMap { entry in
            switch entry.status {
            case .active: return entry.error
            case .invalid: return entry.error ?? "\(entry.source): invalid tool"
            case .serverDown(let reason): return "\(entry.source): \(reason)"
            case .shadowed(let by):
                return "\(entry.source): tool '\(entry.name)' is shadowed by \(by), which has the same name; rename it"
            case .quarantined(let reason):
                return "\(entry.source): tool '\(entry.name)' is quarantined: \(reason)"
            }
        } + ledgerProblems
    }
}

extension ToolCatalog.Entry {
    /// An entry for a tool that resolution decides about.
    init(active tool: Tool) {
        self.init(name: tool.name, kind: tool.kind, source: tool.source, status: .active, error: nil, tool: tool)
    }
}
