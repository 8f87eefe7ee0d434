import ArgumentParser
import AxonConfig
import AxonControl
import AxonCore
import AxonFleet
import AxonRuntime
import AxonThreads
import Foundation

extension Axon {
    /// `axon request PROMPT`: a request into the script session this process runs in.
    struct Request: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a request to the current script session, or a fleet agent, and stream the answer.",
            discussion: """
                Works inside a script started with `axon run NAME`, which sets AXON_SOCKET: every request of the \
                script joins that one session (one trace). Outside a session, `-a AGENT` sends it to a running \
                replica of AGENT in the fleet `axon up` runs. Otherwise it fails (exit 2) rather than start a \
                second session silently: use `axon run -p` for a one-off request.

                Examples (in src/scripts/review.sh):
                  axon request "Summarise the diff"
                  axon request -t review "What did we conclude last time?"
                  git diff | axon request -
                  axon request --json "hello" | jq -r .text
                From any shell while `axon up` runs:
                  axon request -a scout "What changed?"
                """)

        @OptionGroup var output: OutputOptions

        @Argument(
            help: ArgumentHelp(
                "The prompt; `-` or none reads it from stdin (when stdin is not a terminal).", valueName: "prompt"))
        var prompt: String?

        @Option(name: .shortAndLong, help: ArgumentHelp("The thread to record the request in.", valueName: "name"))
        var thread: String?

        @Option(
            name: .shortAndLong,
            help: ArgumentHelp(
                "In a script session, its own agent; outside one, the running fleet agent to ask.",
                valueName: "name"))
        var agent: String?

        func validate() throws {
            if let thread, let problem = ThreadName.validate(thread) { throw ValidationError(problem.description) }
        }

        mutating func run() async throws {
            let env = ProcessInfo.processInfo.environment
            guard let socket = env["AXON_SOCKET"], !socket.isEmpty else {
                guard let agent else {
                    throw CLIFailure.usage(
                        "not inside an axon session: run it from a script started with 'axon run NAME', name an agent "
                            + "of the running fleet with -a, or use 'axon run -p'")
                }
                let client = try await fleetAgent(agent, environment: env)
                try await send(try await promptText(), to: client)
                return
            }
            if let agent, let own = env["AXON_AGENT"], agent != own {
                throw CLIFailure.usage(
                    "this session's agent is '\(own)', not '\(agent)': a script session has one agent; "
                        + "start the script with 'axon run -a \(agent) NAME'")
            }
            let text = try await promptText()
            let client: ControlClient
            do {
                client = try ControlClient(path: socket)
            } catch {
                throw CLIFailure.runtime(error.description)
            }
            try await send(text, to: client)
        }

        /// The prompt from the argument, or stdin for `-` or none.
        func promptText() async throws -> String {
            let text: String
            if prompt == nil || prompt == "-" {
                guard prompt == "-" || !Terminal.stdinIsTerminal else {
                    throw CLIFailure.usage("no prompt: give one as an argument, or pipe it on stdin")
                }
                text = await StandardInput.read()
            } else {
                text = prompt!
            }
            guard !text.isEmpty else { throw CLIFailure.usage("the prompt is empty") }
            return text
        }

        /// A connection to the running replica of fleet agent `agent` that should take the request
        /// (`ReplicaChoice`: the one already on its thread, else an idle one, else the shortest queue).
        func fleetAgent(_ agent: String, environment: [String: String]) async throws -> ControlClient {
            // The repo as other commands find it ($AXON_REPO, else the nearest fleet.yaml upwards).
            let workspace = try Workspace.locate(
                explicit: nil, environment: environment, cwd: FileManager.default.currentDirectoryPath)
            let config = try workspace.loadFleet()
            let name = AgentName(agent)
            guard config.agents[name] != nil else { throw RuntimeError.unknownAgent(name, known: config.agentOrder) }
            let paths = AgentSockets.paths(agent: name, config: config, repoRoot: workspace.root)
            var candidates: [ReplicaChoice.Candidate] = []
            if paths.count == 1 {
                candidates = [ReplicaChoice.Candidate(path: paths[0], status: [:])]
            } else {
                candidates = await withTaskGroup(of: ReplicaChoice.Candidate.self) { group in
                    for path in paths {
                        group.addTask {
                            let reply = await SupervisorControl.ask(
                                path, .status(id: "route"), timeout: .milliseconds(500))
                            return ReplicaChoice.Candidate(path: path, status: reply?.fields)
                        }
                    }
                    var all: [ReplicaChoice.Candidate] = []
                    for await candidate in group { all.append(candidate) }
                    return paths.compactMap { path in all.first { $0.path == path } }
                }
            }
            let thread = self.thread ?? config.agents[name]?.thread
            for path in ReplicaChoice.order(candidates, thread: thread) {
                if let client = try? ControlClient(path: path) { return client }
            }
            guard let supervisor = FleetLock.holder(stateDirectory: workspace.stateDirectory) else {
                throw CLIFailure.usage(
                    "no fleet is running in \(workspace.root): start it with 'axon up', or use 'axon run -a \(agent) -p'"
                )
            }
            let named = supervisor > 0 ? " (supervisor pid \(supervisor))" : ""
            throw CLIFailure.runtime(
                "no replica of agent '\(agent)' is serving requests in the fleet\(named): it is starting, "
                    + "restarting, stopped, or not a persistent agent (see the `axon up` output)")
        }

        /// Sends the request and streams its answer until its `end` (or `error`) line.
        func send(_ text: String, to client: ControlClient) async throws {
            let id = "r\(getpid())"
            try? client.send(.request(id: id, prompt: text, thread: thread))
            let signals = Signals.watch()
            let received = FirstSignal()
            let canceller = Task {
                for await signal in signals {
                    received.set(signal)
                    try? client.send(.cancel(id: id))
                }
            }
            defer { canceller.cancel() }
            let printer = StreamPrinter()
            for await reply in client.replies {
                switch reply {
                case .event(let rid, let event) where rid == id:
                    if !output.json { printer.show(Self.event(event)) }
                case .end(let rid, let result) where rid == id:
                    client.close()
                    if output.json { Terminal.json(result) } else { printer.finish() }
                    let status = result["status"]?.stringValue ?? "error"
                    if let signal = received.value { throw CLIFailure.silent(Signals.exitCode(signal)) }
                    if status != "ok" {
                        throw CLIFailure.runtime("request \(status): \(result["error"]?.stringValue ?? "unknown")")
                    }
                    return
                case .error(let rid, let code, let message) where rid == id || rid == nil:
                    client.close()
                    // Cancelled by our signal while it waited for its turn: it never ran; exit as interrupted.
                    if code == "cancelled", let signal = received.value {
                        throw CLIFailure.silent(Signals.exitCode(signal))
                    }
                    throw code == "bad_request" ? CLIFailure.usage(message) : CLIFailure.runtime(message)
                default:
                    continue
                }
            }
            throw CLIFailure.runtime("the session ended before the request did (its script or agent exited)")
        }

        static func event(_ event: ControlEvent) -> RequestEvent {
            switch event {
            case .text(let text): .textDelta(text)
            case .toolCall(let callID, let tool, let arguments):
                .toolCall(ToolCall(id: callID, name: tool, arguments: arguments))
            case .toolResult(let callID, let ok, let content): .toolResult(callID: callID, ok: ok, content: content)
            case .turnEnd: .turnEnded
            case .retrying(let message): .retrying(message: message)
            }
        }
    }
}
