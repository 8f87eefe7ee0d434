public import AxonConfig
public import AxonCore
import AxonThreads
public import AxonTools
public import AxonTrace
import Crypto
import Foundation

/// One agent session: a trace, a model, and the requests made in it.
///
/// A session is ephemeral; its trace in `data/sessions/` is not. Requests run one at a time, in arrival
/// order: each waits for its turn (``TurnQueue``) before its first trace line, because the actor alone would
/// interleave two requests at every `await`. Each ends with the trace durable on disk. After a trace write
/// fails (disk full), the session refuses new requests with a clear error and its trace stays valid up to the
/// last committed line.
public actor Session {
    public nonisolated let id: SessionID
    public nonisolated let agent: AgentSpec
    public nonisolated let shape: SessionShape
    public nonisolated let model: ResolvedModel
    let writer: TraceWriter
    /// The system prompt every model call of this session sends (byte-stable; see `SystemPrompt`).
    public nonisolated let systemPrompt: String
    /// The knowledge files the system prompt was built from (repo-relative), as `knowledge.loaded` lists them.
    public nonisolated let knowledgeFiles: [String]
    /// Problems found while booting that did not stop the session (a knowledge file that could not be read);
    /// also in the trace. The CLI says each once on stderr.
    public nonisolated let notices: [String]
    var requests = 0
    var usage = Usage.zero
    var costUSD = 0.0
    var refusal: String?
    var ended = false
    let workspace: Workspace
    let threadLease: any ThreadLease
    /// The session's tools (built-in and executable) under the agent's policy (docs/tools.md, docs/policy.md).
    public nonisolated let tools: ToolBox
    /// The messages of the session's own (unnamed) thread, kept in memory for the session's lifetime.
    var sessionThread: [Message] = []
    /// Held by the running request (and by `end`); the others wait in arrival order.
    nonisolated let turns = TurnQueue()

    /// The thread requests continue when they name none: the agent's `thread:` in fleet.yaml.
    public nonisolated var defaultThread: ThreadName? { agent.thread.map { ThreadName($0) } }

    /// Starts a session of `agent`: opens its trace and writes `session.start` durably.
    public static func start(
        config: FleetConfig, agent name: AgentName, shape: SessionShape, workspace: Workspace,
        modelOverride: String? = nil, environment: [String: String]
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
        let boot = SystemPrompt.render(agent: agent, config: config, workspace: workspace)
        let warn: @Sendable (String) -> Void = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        // Executable tools are discovered once, at start (the hot-load registry will re-scan on snapshots).
        let catalog = ToolCatalog.load(root: workspace.root, trust: agent.tools.trust)
        for problem in catalog.problems { warn("axon: " + problem) }
        let tools = ToolBox(
            root: workspace.root, agent: agent,
            environment: Secrets.toolEnvironment(
                environment, config: config, agent: agent.name.rawValue, session: id.rawValue),
            sandbox: environment["AXON_SANDBOX"] == "none" ? .none : .auto, catalog: catalog, warn: warn)
        let session = Session(
            id: id, agent: agent, shape: shape, model: model, writer: writer, systemPrompt: boot.text,
            knowledgeFiles: boot.traceEvents.flatMap { event -> [String] in
                if case .knowledgeLoaded(let files, _) = event { return files.map(\.path) }
                return []
            },
            notices: boot.notices, workspace: workspace,
            threadLease: FileThreadLease(directory: workspace.stateDirectory + "/threads"),
            tools: tools)
        try await session.record(
            .sessionStart(
                agent: agent.name, shape: shape, pid: Int(getpid()), host: Host.name, axon: AxonVersion.current,
                configHash: configHash(config)))
        for event in boot.traceEvents { try await session.record(event) }
        try await session.commit()
        return session
    }

    init(
        id: SessionID, agent: AgentSpec, shape: SessionShape, model: ResolvedModel, writer: TraceWriter,
        systemPrompt: String, knowledgeFiles: [String] = [], notices: [String] = [], workspace: Workspace,
        threadLease: any ThreadLease, tools: ToolBox? = nil
    ) {
        self.knowledgeFiles = knowledgeFiles
        self.notices = notices
        self.tools = tools ?? ToolBox(root: workspace.root, agent: agent, environment: [:])
        self.workspace = workspace
        self.threadLease = threadLease
        self.id = id
        self.agent = agent
        self.shape = shape
        self.model = model
        self.writer = writer
        self.systemPrompt = systemPrompt
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
        do {
            try await turns.acquire()
        } catch {
            throw .cancelled
        }
        defer { turns.release() }
        // Checked with the turn held: the request before this one may have hit a full disk.
        if let refusal { throw .refusing(reason: refusal) }
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
    /// Waits for its turn like a request, so `session.end` follows the last line of the requests before it
    /// (cancel them first to end sooner). A caller cancelled while it waits ends the session at once.
    public func end(reason: String) async {
        let hasTurn = (try? await turns.acquire()) != nil
        defer { if hasTurn { turns.release() } }
        guard !ended else { return }
        ended = true
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
            return try await writer.appendLocated(event, thread: thread, request: request)
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
