import AxonConfig
import AxonCore
import AxonPolicy

/// `tools: {trust: review}` (docs/tools.md#provenance-and-trust): an executable tool whose current content an
/// agent wrote runs only once a human approved that content (`axon tools approve NAME`).
///
/// Authorship comes from `data/provenance.jsonl`, keyed by path and full-content hash, so a file edited after
/// its approval is pending again, and a file no agent is recorded to have written (a human's) is trusted.
/// Under `trust: auto` nothing is held back, but the author is still shown.
enum ToolReview {
    /// `candidate` with its author set and, under review, quarantined when an agent wrote it and no human
    /// approved this content.
    static func apply(_ ledger: Provenance.Ledger, trust: ToolsSpec.Trust, to candidate: ToolCatalog.Entry)
        -> ToolCatalog.Entry
    {
        guard candidate.kind == .executable else { return candidate }
        var entry = candidate
        let agent = entry.hash.flatMap { ledger.author(path: entry.source, hash: $0) }
        entry.author = agent ?? Provenance.unknownAuthor
        // An invalid tool never runs anyway; its manifest error is the more useful thing to show.
        guard trust == .review, entry.status != .invalid else { return entry }
        // Fail closed: when the record cannot be read, an agent's file would pass for a human's.
        if let why = ledger.unreadable {
            entry.status = .quarantined(
                reason: "\(PathPolicy.provenanceFile) cannot be read (\(why)), so who wrote it is not known")
            return entry
        }
        guard let hash = entry.hash else {
            entry.status = .quarantined(reason: "its file cannot be read to check who wrote it")
            return entry
        }
        guard let agent else { return entry }
        switch ledger.review(path: entry.source, hash: hash) {
        case .approved: break
        case .pending:
            entry.status = .quarantined(
                reason: "written by agent \(agent); awaiting `axon tools approve \(entry.name)`")
        case .rejected(let by, let at):
            entry.status = .quarantined(reason: "written by agent \(agent); rejected by \(by) at \(at.rfc3339)")
        }
        return entry
    }
}

extension ToolBox {
    /// Why a call to `name` must not run under review, as a `policy_denied` message; nil when nothing stops it.
    ///
    /// Two cases: the name is only a quarantined tool's (the model cannot know it, but a clear answer beats
    /// "no such tool"), or the active tool's file changed since the catalog was loaded and its new content is
    /// not approved (an agent edited an approved tool mid-session: what runs must be what was reviewed).
    func reviewRefusal(_ name: String) -> String? {
        guard isVisible(name) else { return nil }
        let catalog = catalog
        guard let active = catalog.entries.first(where: { $0.status == .active && $0.name == name }) else {
            guard let held = catalog.entries.first(where: { $0.name == name && $0.isQuarantined }),
                case .quarantined(let reason) = held.status
            else { return nil }
            return "policy_denied: tool '\(name)' (\(held.source)) is quarantined: \(reason)"
        }
        guard agent.tools.trust == .review, active.kind == .executable else { return nil }
        var now = active
        now.hash = FileAccess.sha256(contentsOf: policy.root + "/" + active.source)
        if now.hash == active.hash { return nil }
        now.status = .active
        guard
            case .quarantined(let reason) = ToolReview.apply(
                Provenance(root: policy.root).read(), trust: .review, to: now
            ).status
        else { return nil }
        return "policy_denied: tool '\(name)' (\(active.source)) changed since this session loaded it and is "
            + "quarantined: \(reason)"
    }
}

extension ToolCatalog.Entry {
    public var isQuarantined: Bool {
        if case .quarantined = status { return true }
        return false
    }
}
