public import AxonConfig
public import AxonCore
import AxonThreads
public import AxonTools
public import AxonTrace
import Crypto
import Foundation

/// One agent session: a trace, a model, and the requests made in it.
///
/// A session is ephemeral; its trace in `data/sessions/` is not. A request waits for its thread
/// (``RequestGate``) before its first trace line, because the actor alone would interleave two requests at
/// every `await`: one thread runs one request at a time, in arrival order, and up to `concurrency` threads
/// run at once (1 unless the session serves HTTP, so a terminal or fleet session runs its requests one after
/// another). Requests on different threads share the trace, each line carrying its thread and request. Each
/// request ends with the trace durable on disk. After a trace write fails (disk full), the session refuses new
/// requests with a clear error and its trace stays valid up to the last committed line.
public actor Session {
    public nonisolated let id: SessionID
    public nonisolated let agent: AgentSpec
    public nonisolated let shape: SessionShape
    public nonisolated let model: ResolvedModel
    let writer: TraceWriter
    /// Problems found while booting that did not stop the session (a knowledge file that could not be read);
    /// also in the trace. The CLI says each once on stderr.
    public nonisolated let notices: [String]
    var requests = 0
    var usage = Usage.zero
    var costUSD = 0.0
    var refusal: String?
    var ended = false
    let workspace: Workspace
    let config: FleetConfig
    let threadLease: any ThreadLease
    /// The session's tools (built-in, executable, MCP) under the agent's policy (docs/tools.md, docs/policy.md);
    /// their catalog is the current capability generation's.
    public nonisolated let tools: ToolBox
    /// The messages of the session's own (unnamed) thread, kept in memory for the session's lifetime.
    var sessionThread: [Message] = []
    /// Held per thread by the running requests, and whole by `end` and an idle reload.
    nonisolated let gate: RequestGate
    /// What the session can use now; replaced whole, only at a safe point (see Session+Capabilities.swift).
    var capabilities: Capabilities
    /// What the model was last told it has (the boot, then each note): the next note is the change since.
    var announced: CapabilityFingerprints
    /// A generation announced by the source (or a change of the MCP tools or an own write) not applied yet,
    /// and the parts that changed since the generation in use.
    var pending: CapabilityUpdate?
    /// The session's MCP servers (nil when none is configured).
    let mcp: MCPPool?
    /// The tasks following the capability source and the MCP pool; cancelled at `end`.
    var followers: [Task<Void, Never>] = []
    var source: (any CapabilitySource)?
    /// Where problems found by a reload are said (stderr in the CLI) and how each applied reload is announced.
    let warn: @Sendable (String) -> Void
    var onReload: (@Sendable (String) -> Void)?
    /// Told each generation the session has applied (see `onApplied`).
    var onApplied: (@Sendable (Int) -> Void)?
    /// Told each entry appended to the trace (see `onRecord`).
    var onRecord: (@Sendable (TraceEntry) -> Void)?

    /// The system prompt the next model call sends (byte-stable for the same files; see `SystemPrompt`).
    public var systemPrompt: String { capabilities.prompt.text }
    /// The knowledge files the system prompt was built from (repo-relative), as `knowledge.loaded` lists them.
    public var knowledgeFiles: [String] { capabilities.prompt.knowledgeFiles }
    /// The capability generation in use (0 until a source announced one).
    public var generation: Int { capabilities.generation }

    /// The thread requests continue when they name none: the agent's `thread:` in fleet.yaml.
    public nonisolated var defaultThread: ThreadName? { agent.thread.map { ThreadName($0) } }

    /// Starts a session of `agent`: opens its trace and writes `session.start` durably.
    /// - Parameter hotLoad: where the session learns of changed tools, skills, MCP servers and knowledge:
    ///   `.watch` starts a watcher of its own on the repo, `.none` keeps what it booted with.
    public static func start(
        config: FleetConfig, agent name: AgentName, shape: SessionShape, workspace: Workspace,
        modelOverride: String? = nil, environment: [String: String], hotLoad: HotLoad = .none, concurrency: Int = 1,
        warn: @escaping @Sendable (String) -> Void = Session.stderr
    ) async throws(RuntimeError) -> Session {
        guard let agent = config.agents[name] ?? (name == .default ? FleetConfig.builtIn.agents[name] : nil) else {
            throw .unknownAgent(name, known: config.agentOrder)
        }
        let model = try ModelResolver.resolve(
            config: config, agent: agent, override: modelOverride, environment: environment, workspace: workspace)
        let id = SessionID.make()
        let writer: TraceWriter
        do {
            writer = try TraceWriter(
                directory: workspace.sessionsDirectory, session: id,
                secrets: Secrets.values(in: environment, config: config))
        } catch {
            throw .trace(error)
        }
        // The source starts before the files are read, so a change made while they are is a later generation.
        let source = await hotLoad.start(workspace: workspace, config: config, warn: warn)
        let tools = ToolBox(
            root: workspace.root, agent: agent,
            environment: Secrets.toolEnvironment(
                environment, config: config, agent: agent.name.rawValue, session: id.rawValue),
            sandbox: environment["AXON_SANDBOX"] == "none" ? .none : .auto,
            // A placeholder until the capabilities are read just below (their skills decide `load_skill`).
            catalog: .builtinOnly, hasSkills: false, warn: warn)
        let mcp = MCPPool(workspace: workspace, config: config, environment: tools.environment)
        let booted = await Capabilities.read(
            generation: source.map(\.generation) ?? 0, agent: agent, config: config, workspace: workspace, box: tools,
            mcp: mcp, previous: nil)
        tools.install(booted.tools, hasSkills: !booted.skills.isEmpty)
        for problem in booted.tools.problems + booted.mcpProblems { warn("axon: " + problem) }
        let session = Session(
            id: id, agent: agent, shape: shape, model: model, writer: writer, config: config, workspace: workspace,
            threadLease: FileThreadLease(directory: workspace.stateDirectory + "/threads"), tools: tools,
            capabilities: booted, mcp: mcp, concurrency: concurrency, warn: warn)
        try await session.record(
            .sessionStart(
                agent: agent.name, shape: shape, pid: Int(getpid()), host: Host.name, axon: AxonVersion.current,
                configHash: configHash(config)))
        for event in booted.prompt.traceEvents { try await session.record(event) }
        try await session.commit()
        if let source { await session.follow(source.source, after: source.generation) }
        return session
    }

    /// What stderr warnings look like when the caller routes them nowhere else.
    public static let stderr: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// A session whose capabilities are fixed: `systemPrompt` and the built-in tools (tests).
    init(
        id: SessionID, agent: AgentSpec, shape: SessionShape, model: ResolvedModel, writer: TraceWriter,
        systemPrompt: String, workspace: Workspace, threadLease: any ThreadLease
    ) {
        let tools = ToolBox(root: workspace.root, agent: agent, environment: [:])
        self.init(
            id: id, agent: agent, shape: shape, model: model, writer: writer, config: .builtIn,
            workspace: workspace, threadLease: threadLease, tools: tools,
            capabilities: .fixed(prompt: systemPrompt, tools: tools.catalog), mcp: nil, warn: { _ in })
    }

    init(
        id: SessionID, agent: AgentSpec, shape: SessionShape, model: ResolvedModel, writer: TraceWriter,
        config: FleetConfig, workspace: Workspace, threadLease: any ThreadLease, tools: ToolBox,
        capabilities: Capabilities, mcp: MCPPool?, concurrency: Int = 1, warn: @escaping @Sendable (String) -> Void
    ) {
        gate = RequestGate(limit: concurrency)
        self.tools = tools
        self.workspace = workspace
        self.config = config
        self.threadLease = threadLease
        self.id = id
        self.agent = agent
        self.shape = shape
        self.model = model
        self.writer = writer
        self.warn = warn
        self.capabilities = capabilities
        self.mcp = mcp
        announced = capabilities.fingerprints
        notices = capabilities.prompt.notices
    }

    /// Runs one request to completion. Text and tool activity stream through `onEvent` as they happen.
    ///
    /// A named `thread` resumes: its lease is held for the whole request (others wait up to `leaseTimeout`), its
    /// history is loaded from the traces through its index, compacted when it outgrows the model's context,
    /// and the request is indexed when it ends. Without a thread the request continues the agent's `thread:`
    /// (`defaultThread`); an agent without one joins the session's own thread, which lives only as long as the
    /// session.
    ///
    /// While another request runs, this one waits for its turn; cancelling it then ends the wait at once and
    /// leaves nothing in the trace. Once it runs, cancelling it ends it with status `cancelled`, traced.
    /// - Returns: the result, whatever its status (a cap or a model failure is a status, not a throw).
    /// - Throws: `RuntimeError.refusing` after a trace failure, `.trace` when this request's trace write fails,
    ///   `.threads` for an invalid name, a busy thread or an unreadable index, `.cancelled` when cancelled
    ///   while it waited for its turn.
    public func request(
        _ prompt: String, thread: ThreadName? = nil, leaseTimeout: Duration = .seconds(30),
        onEvent: @escaping @Sendable (RequestEvent) -> Void = { _ in }
    ) async throws(RuntimeError) -> RequestResult {
        let thread = thread ?? defaultThread
        if let thread, let problem = ThreadName.validate(thread.rawValue) { throw .threads(problem) }
        let claim = Self.claim(thread)
        do {
            try await gate.acquire(claim)
        } catch {
            throw .cancelled
        }
        defer { gate.release(claim) }
        do throws(RuntimeError) {
            let result = try await run(prompt, thread: thread, leaseTimeout: leaseTimeout, onEvent: onEvent)
            // A generation that arrived during the last model turn is applied before the next request waits.
            try? await applyPending(thread: nil, request: nil)
            return result
        } catch {
            try? await applyPending(thread: nil, request: nil)
            throw error
        }
    }

    /// The gate's key for `thread` (nil: the session's own, a key no thread name can be).
    static func gateKey(_ thread: ThreadName?) -> String { thread?.rawValue ?? "/session" }

    /// What a request on `thread` waits for.
    static func claim(_ thread: ThreadName?) -> RequestGate.Claim { .thread(gateKey(thread)) }

    /// Whether a request runs on `thread` (nil: the session's own) and how many wait behind it.
    public nonisolated func queue(on thread: ThreadName?) -> (running: Bool, waiting: Int) {
        let key = Self.gateKey(thread)
        return (gate.isHeld(key), gate.waiting(for: key))
    }

    /// `request` with its thread held.
    private func run(
        _ prompt: String, thread: ThreadName?, leaseTimeout: Duration,
        onEvent: @escaping @Sendable (RequestEvent) -> Void
    ) async throws(RuntimeError) -> RequestResult {
        // Checked with the thread held: the request before this one may have hit a full disk.
        if let refusal { throw .refusing(reason: refusal) }
        if ended { throw .refusing(reason: "the session has ended") }
        // Numbered when it runs, so the trace's request ids follow its order and skip no cancelled waiter.
        requests += 1
        let requestID = RequestID(ordinal: requests)
        guard let thread else {
            var run = RequestRun(
                session: self, id: requestID, thread: ThreadName(id.rawValue), context: nil,
                history: sessionThread, onEvent: onEvent)
            let result = try await run.execute(prompt: prompt)
            try await commit()
            sessionThread += run.recordedMessages
            return account(result)
        }
        let holder = LeaseHolder(session: id, pid: Int(getpid()), host: Host.name, since: .now())
        let lease: any HeldLease
        do {
            lease = try await threadLease.acquire(thread, holder: holder, timeout: leaseTimeout)
        } catch {
            throw .threads(error)
        }
        do throws(RuntimeError) {
            let context = try ThreadContext.load(
                thread, workspace: workspace,
                budget: ContextBudget(model: model.spec, system: systemPrompt, prompt: prompt))
            var run = RequestRun(
                session: self, id: requestID, thread: thread, context: context, history: context.history,
                onEvent: onEvent)
            let result = try await run.execute(prompt: prompt)
            try await commit()
            do {
                try context.index.append(run.indexEntries(n: context.n))
            } catch {
                // The request is durable in the trace; only the index missed it (`axon threads --reindex`).
                throw .threads(error)
            }
            await lease.release()
            return account(result)
        } catch {
            await lease.release()
            throw error
        }
    }

    /// The session's totals so far: requests made, tokens and USD.
    public var totals: (requests: Int, usage: Usage, costUSD: Double) { (requests, usage, costUSD) }

    private func account(_ result: RequestResult) -> RequestResult {
        usage += result.usage
        costUSD += result.costUSD
        return result
    }

    /// Writes `session.end` and closes the trace. Idempotent.
    ///
    /// Waits for the requests before it to end (cancel them first to end sooner), so `session.end` follows
    /// their last lines; requests after it wait and are refused. A caller cancelled while it waits ends the
    /// session at once.
    public func end(reason: String) async {
        let hasTurn = (try? await gate.acquire(.whole)) != nil
        defer { if hasTurn { gate.release(.whole) } }
        guard !ended else { return }
        ended = true
        await stopCapabilities()
        if refusal == nil {
            try? await record(.sessionEnd(reason: reason, requests: requests, usage: usage, costUSD: costUSD))
        }
        try? await writer.close()
    }

    /// Appends one trace line; a failure turns the session into one that refuses requests.
    /// - Returns: the line as written (numbered, redacted) and its byte range in the trace file.
    @discardableResult
    func record(_ event: TraceEvent, thread: ThreadName? = nil, request: RequestID? = nil) async throws(RuntimeError)
        -> (entry: TraceEntry, range: Range<Int64>)
    {
        do {
            let located = try await writer.appendLocated(event, thread: thread, request: request)
            onRecord?(located.entry)
            return located
        } catch {
            refusal = refusal ?? error.description
            throw .trace(error)
        }
    }

    /// Makes every appended line durable.
    func commit() async throws(RuntimeError) {
        do {
            try await writer.commit()
        } catch {
            refusal = refusal ?? error.description
            throw .trace(error)
        }
    }

    static func configHash(_ config: FleetConfig) -> String {
        guard let text = config.source?.text else { return "builtin" }
        let digest = SHA256.hash(data: Data(text.utf8))
        return digest.prefix(8).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }
}
