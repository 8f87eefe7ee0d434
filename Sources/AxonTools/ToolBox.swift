public import AxonConfig
public import AxonCore
import AxonKnowledge
public import AxonModels
public import AxonPolicy
import Synchronization

/// The tools of one session (its `ToolCatalog`: built-in, executable and MCP), under its agent's policy.
///
/// `specs` is what the model is offered (the catalog's active tools filtered by `tools: {allow, deny}`);
/// `call` is the one dispatch path for every kind of tool: it runs one call and never throws — a refusal, bad
/// arguments or a failing tool is a result with `ok: false` the model sees.
///
/// The catalog is swapped by `install` when the session applies a new capability generation, which it does
/// only at a safe point (between model calls): a call already running keeps the `Tool` it started with.
public final class ToolBox: Sendable {
    public let policy: PathPolicy
    public let agent: AgentSpec
    /// The tools' environment (secrets already removed, `AXON_AGENT`/`AXON_SESSION` set); `AXON_THREAD` is added
    /// per call (`environment(thread:)`).
    public let environment: [String: String]
    let sandbox: Sandbox
    let filter: ToolNameFilter
    let warn: @Sendable (String) -> Void
    /// Which sandbox fallbacks (`run_shell`, `executable`) were announced already.
    let warned = Mutex(Set<String>())
    /// The catalog in use, whether the repo has a valid skill (which offers `load_skill`), and the split of
    /// the visible tools into the request and `search_tools`.
    let installed: Mutex<(catalog: ToolCatalog, hasSkills: Bool, offer: ToolOffer)>

    /// The tools this session knows now.
    public var catalog: ToolCatalog { installed.withLock { $0.catalog } }
    /// The repo had at least one valid skill when the catalog was installed.
    public var hasSkills: Bool { installed.withLock { $0.hasSkills } }
    /// Which tools go into each request and which are found with `search_tools`.
    public var offer: ToolOffer { installed.withLock { $0.offer } }

    /// - Parameters:
    ///   - environment: what tools and shells inherit; the caller removes secrets.
    ///   - sandbox: `.auto` uses bwrap when it works here, `.none` never does (the fallback, said once).
    ///   - catalog: the tools; nil loads `root`'s (`ToolCatalog.load(root:trust:)` with the agent's trust).
    ///   - hasSkills: whether `load_skill` is offered; nil reads `root`'s skills to know.
    ///   - warn: where the once-per-session fallback notice goes (stderr in the CLI).
    public init(
        root: String, agent: AgentSpec, environment: [String: String], sandbox: SandboxMode = .auto,
        catalog: ToolCatalog? = nil, hasSkills: Bool? = nil, warn: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        policy = PathPolicy(root: root, spec: agent.policy)
        installed = Mutex((.builtinOnly, false, .none))
        self.agent = agent
        self.environment = environment
        self.sandbox = Sandbox(mode: sandbox)
        filter = ToolNameFilter(allow: agent.tools.allow, deny: agent.tools.deny)
        self.warn = warn
        install(
            catalog ?? ToolCatalog.load(root: policy.root, trust: agent.tools.trust),
            hasSkills: hasSkills ?? !SkillCatalog.load(repo: policy.root).skills.isEmpty)
    }

    /// Makes `catalog` the tools from the next call on (a hot-load at a safe point).
    public func install(_ catalog: ToolCatalog, hasSkills: Bool) {
        let offer = ToolOffer.split(
            offered((catalog, hasSkills)), maxDirect: agent.tools.maxDirect,
            budgetBytes: agent.tools.budgetKB * 1024)
        installed.withLock { $0 = (catalog, hasSkills, offer) }
    }

    /// Whether the model is offered `name`: allowed by `tools:`, `run_shell` only with `policy.shell`, and
    /// `load_skill` only when the repo has skills.
    public func isVisible(_ name: String) -> Bool { isVisible(name, hasSkills: hasSkills) }

    /// `isVisible` for a catalog that is not installed yet (what a generation would offer).
    public func isVisible(_ name: String, hasSkills: Bool) -> Bool {
        if name == ShellTool.name, !agent.policy.shell { return false }
        if name == SkillTool.name, !hasSkills { return false }
        return filter.permits(name)
    }

    /// The tools in each request, in a stable order (built-ins, then `src/tools/`, `.agents/tools/`, MCP, then
    /// `search_tools` when some tools are only found through it).
    public var specs: [ToolSpec] { offer.direct.map(\.spec) }

    /// `specs` plus the deferred tools `search_tools` found in this request (`discovered`, by name).
    public func specs(including discovered: Set<String>) -> [ToolSpec] {
        let offer = offer
        guard !discovered.isEmpty else { return offer.direct.map(\.spec) }
        return (offer.direct + offer.deferred.filter { discovered.contains($0.name) }).map(\.spec)
    }

    /// The deferred tools matching `query`, best first (what `search_tools` returns).
    public func search(_ query: String, limit: Int = SearchTool.defaultLimit) -> [Tool] {
        offer.search(query, limit: limit)
    }

    /// Every tool of `catalog` this agent may call (directly offered or through `search_tools`).
    public func offered(_ state: (catalog: ToolCatalog, hasSkills: Bool)) -> [Tool] {
        state.catalog.active.filter { isVisible($0.name, hasSkills: state.hasSkills) }
    }

    /// Runs one tool call of any kind. Never throws; the result is capped at `OutputCap.bytes`.
    public func call(_ call: ToolCall, thread: String) async -> ToolOutcome {
        if let refusal = reviewRefusal(call.name) { return .failure(refusal, code: PolicyError.code) }
        if call.name == ShellTool.name, !agent.policy.shell {
            let refusal = PolicyError(path: "run_shell", reason: .shellDisabled)
            return .failure(refusal.description, code: PolicyError.code)
        }
        let state = installed.withLock { $0 }
        let search = call.name == SearchTool.name && !state.offer.deferred.isEmpty ? SearchTool.searchTools : nil
        guard let tool = search ?? state.catalog.tool(named: call.name),
            search != nil || isVisible(call.name, hasSkills: state.hasSkills)
        else {
            let names = state.offer.direct.map(\.name).joined(separator: ", ")
            return .failure("there is no tool '\(call.name)' for this agent; the tools are: \(names)")
        }
        guard case .object(let fields) = call.arguments else {
            return .failure("the arguments of \(call.name) must be a JSON object, got: \(call.arguments.serialized())")
        }
        // Checked before anything runs: an executable tool never sees arguments its schema refuses.
        let problems = SchemaValidator.problems(call.arguments, schema: tool.spec.inputSchema)
        if !problems.isEmpty {
            return .failure("invalid arguments for \(call.name): " + problems.joined(separator: "; "))
        }
        do throws(ToolFailure) {
            let content = try await tool.run(ToolArguments(values: fields, thread: thread), self)
            return .success(OutputCap.apply(content))
        } catch {
            return .failure(OutputCap.apply(error.message), code: error.code)
        }
    }
}

extension ToolBox {
    /// How run_shell commands run for this agent: `off (policy.shell: false)`, `bwrap (PATH)`, or
    /// `NONE: REASON` (the unsandboxed fallback).
    public func sandboxSummary() async -> String {
        guard agent.policy.shell else { return "off (policy.shell: false)" }
        switch await sandbox.availability() {
        case .bwrap(let path): return "bwrap (\(path))" + (agent.policy.network ? ", network on" : ", no network")
        case .unavailable(let reason): return "NONE: \(reason); commands run unconfined"
        }
    }

    /// What a tool process inherits for a call in `thread`.
    func environment(thread: String) -> [String: String] {
        var env = environment
        env["AXON_THREAD"] = thread
        return env
    }

    /// True the first time only for `what` (`run_shell`, `executable`): each fallback is announced once per
    /// session.
    func firstFallbackNotice(_ what: String) -> Bool {
        warned.withLock { $0.insert(what).inserted }
    }
}

extension ToolBox {
    /// `policy.check` with a refusal turned into a tool failure (code `policy_denied`).
    func check(_ path: String, for access: PathPolicy.Access) throws(ToolFailure) -> PathPolicy.Resolved {
        do throws(PolicyError) {
            return try policy.check(path, for: access)
        } catch {
            throw error.failure
        }
    }

    /// `policy.confine` with a refusal turned into a tool failure.
    func confine(_ path: String) throws(ToolFailure) -> PathPolicy.Resolved {
        do throws(PolicyError) {
            return try policy.confine(path)
        } catch {
            throw error.failure
        }
    }
}

extension PolicyError {
    /// The refusal as a tool failure, with the trace code `policy_denied`.
    var failure: ToolFailure { ToolFailure(description, code: Self.code) }
}
