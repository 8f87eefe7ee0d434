public import AxonConfig
import AxonControl
public import AxonCore
import AxonProcess
public import AxonRuntime
import AxonTrace

#if canImport(Glibc)
    import Glibc
#endif

/// The body of one supervised agent process (`axon agent NAME --replica N`): a session of shape `fleet`.
///
/// - persistent (neither `prompt:` nor `run:`): serves requests on its control socket
///   (`.axon/fleet/agent-NAME.N.sock`) until SIGTERM/SIGINT or a `shutdown` line;
/// - `prompt:`: runs the prompt once, on the agent's `thread:`, shown in its log as `axon run -p` shows it, and
///   exits (0 when the request ended ok);
/// - `run:`: runs the script as `axon run NAME` does, and exits with its code.
///
/// A signal cancels what runs, and the session still ends with `session.end` (reason `signal`); the exit code
/// is then 128+n. A `run:` script or its interpreter that is missing exits 127 (126: not executable) before any
/// session starts: the supervisor reads those as an exec failure, not a crash to retry.
public enum AgentProcess {
    public struct Context: Sendable {
        public var config: FleetConfig
        public var agent: AgentName
        public var replica: Int
        public var workspace: Workspace
        public var environment: [String: String]
        /// SIGINT and SIGTERM as they arrive (the supervisor's stop, or its death through the parent-death signal).
        public var signals: AsyncStream<Int32>
        /// Said on stderr (the agent's log): banners, warnings.
        public var note: @Sendable (String) -> Void
        /// Shows a prompt agent's request in its log as it runs.
        public var answer: Answer
        /// The channel to the supervisor (`AXON_CHANNEL_FD`), nil outside a fleet: hot-load follows it.
        public var channel: Int32?
        /// The capability generation current when the supervisor spawned the agent (`AXON_GENERATION`).
        public var generation: Int

        public init(
            config: FleetConfig, agent: AgentName, replica: Int, workspace: Workspace, environment: [String: String],
            signals: AsyncStream<Int32>, channel: Int32? = nil, generation: Int = 0, answer: Answer = .none,
            note: @escaping @Sendable (String) -> Void
        ) {
            self.answer = answer
            self.channel = channel
            self.generation = generation
            self.config = config
            self.agent = agent
            self.replica = replica
            self.workspace = workspace
            self.environment = environment
            self.signals = signals
            self.note = note
        }

        public var instance: String { "\(agent.rawValue).\(replica)" }
    }

    /// Runs the agent to its end; returns the process's exit code.
    public static func run(_ context: Context) async throws(RuntimeError) -> Int32 {
        guard let spec = context.config.agents[context.agent] else {
            throw .unknownAgent(context.agent, known: context.config.agentOrder)
        }
        let following = Self.follow(context)
        var context = context
        context.signals = following.signals
        switch AgentKind(spec) {
        case .script: return try await script(spec.run ?? "", context, following)
        case .prompt, .persistent: return try await session(spec, context, following)
        }
    }

    /// A persistent or a prompt agent: the session on its control socket, then the prompt if there is one.
    static func session(_ spec: AgentSpec, _ context: Context, _ follow: Follow) async throws(RuntimeError) -> Int32 {
        let session = try await Session.start(
            config: context.config, agent: context.agent, shape: .fleet, workspace: context.workspace,
            environment: context.environment, hotLoad: follow.hotLoad, warn: context.note)
        if let banner = session.model.banner { context.note(banner) }
        let server: ControlServer
        do {
            server = try ControlServer(
                path: ControlSocketPath.agent(repoRoot: context.workspace.root, instance: context.instance))
        } catch {
            await session.end(reason: "failed")
            throw .control(error)
        }
        // Once its socket is up: from the first activity on, the supervisor routes requests to it.
        await reporting(session, on: follow.channel)
        let (stops, stop) = AsyncStream.makeStream(of: Stop.self)
        let host = SessionHost(session: session, server: server) { stop.yield(.shutdown) }
        let serving = Task { await host.serve() }
        let watcher = Task {
            for await signal in context.signals { stop.yield(.signal(signal)) }
        }
        let prompt: Task<Int32, Never>? = spec.prompt.map { text in
            Task { await Self.prompt(text, session, context) }
        }
        if let prompt {
            Task {
                stop.yield(.done(await prompt.value))
            }
        }
        var reason = Stop.shutdown
        for await first in stops {
            reason = first
            break
        }
        watcher.cancel()
        server.close()
        await host.cancelAll()
        prompt?.cancel()
        _ = await prompt?.value
        await host.drain()
        serving.cancel()
        switch reason {
        case .done(let code):
            await session.end(reason: code == 0 ? "completed" : "failed")
            return code
        case .shutdown:
            await session.end(reason: "shutdown")
            return 0
        case .signal(let signal):
            await session.end(reason: "signal")
            return 128 + signal
        }
    }

    enum Stop: Sendable {
        case done(Int32)
        case shutdown
        case signal(Int32)
    }

    /// A `run:` agent: the script as one session of shape `fleet`.
    static func script(_ name: String, _ context: Context, _ follow: Follow) async throws(RuntimeError) -> Int32 {
        let found: Script
        do {
            found = try Script.find(name, in: context.workspace)
        } catch {
            context.note("axon: error: \(error)")
            return 127
        }
        let command = found.command(arguments: [])
        if let problem = Executable.missingInterpreter(command, searchPath: context.environment["PATH"] ?? "") {
            context.note("axon: error: cannot run \(context.workspace.relative(found.path)): \(problem)")
            // The shell's convention: 126 for a file that exists but cannot be executed, 127 for one not found.
            return access(command[0], F_OK) == 0 && access(command[0], X_OK) != 0 ? 126 : 127
        }
        let outcome = try await ScriptSession.run(
            found, arguments: [], config: context.config, agent: context.agent, workspace: context.workspace,
            modelOverride: nil, environment: context.environment, signals: context.signals, shape: .fleet,
            killingStragglers: true, hotLoad: follow.hotLoad
        ) { session in
            if let banner = session.model.banner { context.note(banner) }
            await reporting(session, on: follow.channel)
        }
        if let signal = outcome.signal { return 128 + signal }
        return outcome.exitCode
    }
}
