public import AxonConfig
import AxonControl
public import AxonCore
import AxonProcess
public import AxonTrace
import Foundation

/// `axon run NAME`: a script run as one session (shape `script`).
///
/// The session starts, its control socket opens, the script runs with `AXON_SOCKET`, `AXON_SESSION`,
/// `AXON_AGENT` (and `AXON_REPO`) in its environment and talks to the session with `axon request`. The session
/// ends when the script exits. A signal to axon is forwarded to the script's process group and cancels the
/// requests in flight; the session then ends with reason `signal`.
public enum ScriptSession {
    /// What happened.
    public struct Outcome: Sendable {
        /// The script's exit code (128+n when a signal killed it).
        public var exitCode: Int32
        /// The signal axon received, if one ended the session.
        public var signal: Int32?
        public var session: SessionID
    }

    /// Runs `script` to completion.
    /// - Parameters:
    ///   - signals: signals axon receives (SIGINT, SIGTERM), to forward and to end the session with.
    ///   - killGrace: how long a script may outlive a forwarded signal before its process group gets SIGKILL.
    ///   - hotLoad: where the session learns of changed capabilities (its own watcher; a fleet agent's channel).
    ///   - onStart: called once the session has started (for its banner, a fleet agent's acks).
    ///   - shape: `script` for `axon run NAME`; `fleet` for a supervised `run:` agent.
    ///   - killingStragglers: SIGKILL what the script left in its process group once it exits (a fleet agent:
    ///     nothing it started may outlive it); `axon run` leaves background jobs alone.
    public static func run(
        _ script: Script, arguments: [String], config: FleetConfig, agent: AgentName, workspace: Workspace,
        modelOverride: String?, environment: [String: String], signals: AsyncStream<Int32>,
        killGrace: Duration = .seconds(5), shape: SessionShape = .script, killingStragglers: Bool = false,
        hotLoad: HotLoad = .watch, onStart: @Sendable (Session) async -> Void = { _ in }
    ) async throws(RuntimeError) -> Outcome {
        let session = try await Session.start(
            config: config, agent: agent, shape: shape, workspace: workspace, modelOverride: modelOverride,
            environment: environment, hotLoad: hotLoad)
        await onStart(session)
        let socketPath = ControlSocketPath.resolve(repoRoot: workspace.root, session: session.id.rawValue)
        let server: ControlServer
        do {
            server = try ControlServer(path: socketPath)
        } catch {
            await session.end(reason: "failed")
            throw .control(error)
        }
        var env = environment
        env["AXON_SOCKET"] = socketPath
        env["AXON_SESSION"] = session.id.rawValue
        env["AXON_AGENT"] = session.agent.name.rawValue
        env["AXON_REPO"] = workspace.root
        let process: ChildProcess
        do {
            // Its own group in axon's session, with the terminal's foreground: the script reads the terminal,
            // and Ctrl-C reaches it (and the `axon request` it runs).
            process = try ChildProcess.spawn(
                ProcessSpec(
                    script.command(arguments: arguments), directory: workspace.root, environment: env,
                    standardInput: .inherit, group: .newGroup(foreground: true)))
        } catch {
            server.close()
            await session.end(reason: "failed")
            throw .scriptFailed(path: script.path, reason: error.reason)
        }
        let host = SessionHost(session: session, server: server) { process.signalGroup(SIGTERM) }
        let serving = Task { await host.serve() }
        let received = FirstSignal()
        let watcher = Task {
            for await signal in signals {
                received.set(signal)
                await host.cancelAll()
                process.signalGroup(signal)
                // A script that ignores the signal gets SIGKILL after a grace period.
                Task {
                    try await Task.sleep(for: killGrace)
                    process.signalGroup(SIGKILL)
                }
            }
        }
        // Only the script is waited for: children it leaves in the background do not keep its session alive.
        let termination = await process.wait(killingStragglers: killingStragglers)
        let (code, killedBy) = (termination.code, termination.signal)
        process.returnTerminal()
        watcher.cancel()
        // Requests still running belong to children the script left behind: they end with the session.
        server.close()
        await host.cancelAll()
        await host.drain()
        serving.cancel()
        let signal = received.value
        // On a terminal Ctrl-C reaches the script's group, not axon: a script killed by SIGINT/SIGTERM (or
        // exiting 130/143, the shells' convention for that) ends the session as a signal to axon does.
        let interrupted = signal != nil || killedBy == SIGINT || killedBy == SIGTERM || code == 130 || code == 143
        await session.end(reason: interrupted ? "signal" : code == 0 ? "completed" : "failed")
        return Outcome(exitCode: code, signal: signal, session: session.id)
    }
}
