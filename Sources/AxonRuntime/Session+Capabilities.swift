import AxonConfig
import AxonCore
import AxonTools
public import AxonTrace

/// Hot-load: how a running session takes up new tools, skills, MCP servers and knowledge.
///
/// A source announces a generation; the session marks it pending. Idle, it applies it at once (holding the
/// whole session, so no request starts half-way); busy, the first running request to reach a safe point
/// applies it there — before a model call, never inside a tool call (a tool already running finishes on the
/// version it started with) — or on its way out if it makes no further call. Applying re-reads the files, keeps the last good version of
/// anything that broke, swaps the whole generation in, and writes `capabilities.reloaded` when something
/// changed. The model hears of it in one short system note before its next call (`takeNote`).
extension Session {
    /// Follows `source` (whose generation at boot was `after`) and the MCP pool's tool-list changes.
    func follow(_ source: any CapabilitySource, after boot: Int) async {
        self.source = source
        let updates = source.updates()
        followers.append(
            Task { [weak self] in
                for await update in updates where update.generation > boot {
                    guard let self else { return }
                    await self.offer(update)
                }
            })
        await mcp?.setOnChange { [weak self] in
            guard let self else { return }
            // The servers' tools changed; the files did not (the watcher says when they do).
            await self.offer(CapabilityUpdate(generation: 0, scope: .mcp, paths: []))
        }
    }

    /// Marks `update` pending (merged with what is pending already; generation 0 for an MCP change or an own
    /// write keeps the current one) and applies it now if idle.
    func offer(_ update: CapabilityUpdate) async {
        let current = pending ?? CapabilityUpdate(generation: capabilities.generation, scope: [], paths: [])
        pending = current.merged(with: update)
        // Busy: the running request applies it at its next safe point or when it ends.
        guard !gate.isBusy, (try? await gate.acquire(.whole)) != nil else { return }
        defer { gate.release(.whole) }
        try? await applyPending(thread: nil, request: nil)
    }

    /// Calls `handler` with one line (`tools +hello, knowledge ~data/knowledge/a.md`) for each applied reload.
    public func onReload(_ handler: @escaping @Sendable (String) -> Void) {
        onReload = handler
    }

    /// Calls `handler` with each generation once the session has applied it — swapped in (its reload appended
    /// to the trace as `capabilities.reloaded`, made durable just after) or found to change nothing. A fleet
    /// agent acks it to its supervisor. Generations applied before the handler was set are not repeated: read
    /// `generation` after setting it.
    public func onApplied(_ handler: @escaping @Sendable (Int) -> Void) {
        onApplied = handler
    }

    /// Calls `handler` with each entry appended to the trace from now on, in order, as it is appended (before
    /// it is durable): a fleet agent reports its progress and spend from them.
    public func onRecord(_ handler: @escaping @Sendable (TraceEntry) -> Void) {
        onRecord = handler
    }

    /// The safe point: applies the pending generation, if any. Called with a claim held (a thread or the whole).
    /// - Parameters: thread, request: the request it happens in (nil between requests).
    func applyPending(thread: ThreadName?, request: RequestID?) async throws(RuntimeError) {
        guard let update = pending, !ended else { return }
        pending = nil
        let generation = update.generation
        let previous = capabilities
        let next = await Capabilities.read(
            generation: generation, agent: agent, config: config, workspace: workspace, box: tools, mcp: mcp,
            previous: previous, scope: update.scope, changed: update.paths)
        capabilities = next
        tools.install(next.tools, hasSkills: !next.skills.isEmpty)
        // Applied from here on, whether or not anything changed (or the trace write below fails): told once.
        var told = false
        defer { if !told { onApplied?(generation) } }
        let changes = previous.fingerprints.changes(to: next.fingerprints)
        let errors = next.problems.filter { !previous.problems.contains($0) }
        guard !changes.isEmpty || !errors.isEmpty else { return }
        for error in errors { warn("axon: " + error) }
        try await record(
            .capabilitiesReloaded(
                generation: generation, added: changes.added, changed: changes.changed, removed: changes.removed,
                errors: errors),
            thread: thread, request: request)
        // Told once the reload is in the trace, not after its fsync (inside a request there is none until the
        // request ends): a fleet's agents would all wait out their fsyncs on the one disk before acking.
        told = true
        onApplied?(generation)
        if request == nil { try await commit() }
        if !changes.isEmpty, let onReload {
            var summary: [String] = changes.added.labelled.map { "+" + $0 }
            summary += changes.changed.labelled.map { "~" + $0 }
            summary += changes.removed.labelled.map { "-" + $0 }
            onReload("generation \(generation): " + summary.joined(separator: ", "))
        }
    }

    /// The note the model gets before its next call when its capabilities changed since it was last told; nil
    /// when nothing did. Taking it counts as telling.
    func takeNote() -> String? {
        let changes = announced.changes(to: capabilities.fingerprints)
        announced = capabilities.fingerprints
        return changes.isEmpty ? nil : changes.note
    }

    /// What `/tools` shows: this session's tools and the state of its MCP servers.
    public func toolReport() async -> ToolReport {
        await ToolReport.make(tools, servers: await mcp?.reports() ?? [])
    }

    /// Stops following the source and shuts the MCP servers down (every process group reaped).
    func stopCapabilities() async {
        for task in followers { task.cancel() }
        followers = []
        await source?.stop()
        source = nil
        await mcp?.shutdown()
    }
}

extension Capabilities {
    /// Reads the repo's capabilities now (the MCP configuration and tools first, then the files on a thread of
    /// their own: a reload of thousands of files must not hold the cooperative pool).
    /// - Parameters:
    ///   - scope: the parts to read again; the others are `previous`'s (everything without one).
    ///   - changed: the paths changed since `previous`, when known (`CapabilityUpdate.paths`).
    static func read(
        generation: Int, agent: AgentSpec, config: FleetConfig, workspace: Workspace, box: ToolBox, mcp: MCPPool?,
        previous: Capabilities?, scope: CapabilityScope = .all, changed: Set<String>? = nil
    ) async -> Capabilities {
        let scope = previous == nil ? .all : scope
        let state: Capabilities.MCPState
        if let previous, !scope.contains(.mcp) {
            state = (previous.mcpServers, previous.mcpTools, previous.mcpProblems)
        } else {
            state = await mcp?.current(listing: previous == nil) ?? ([], [], [])
        }
        if var same = previous, scope.isEmpty {
            same.generation = generation
            return same
        }
        @Sendable func load() -> Capabilities {
            Capabilities.load(
                generation: generation, agent: agent, config: config, workspace: workspace, box: box, mcp: state,
                previous: previous, scope: scope, changed: changed)
        }
        // A few changed files in a repo of ordinary size cost well under a millisecond: cheaper on the actor
        // than a thread's start and wake-up. Thousands of files to look at go to a thread of their own.
        if let previous, let changed, changed.count < 64, previous.fileCount < 2000 { return load() }
        return await BlockingWork.run(name: "axon-caps", load)
    }

    /// A generation that never changes: `prompt` as the system prompt and `tools` (tests and fixed sessions).
    static func fixed(prompt: String, tools: ToolCatalog) -> Capabilities {
        Capabilities(
            generation: 0, tools: tools, prompt: .fixed(prompt), mcpServers: [], mcpTools: [], fingerprints: .init(),
            problems: [], mcpProblems: [])
    }
}
