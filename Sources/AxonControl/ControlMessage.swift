public import AxonCore

/// A line a client sends to a session's control socket (docs/control-protocol.md).
///
/// `id` names a request for the client; the server echoes it on every line about that request. `snapshot` and
/// `ack` are reserved for the fleet's capability broadcast: a session answers them with an `unsupported` error.
/// `down` and `restart` are for a fleet's supervisor (`.axon/fleet/supervisor.sock`, docs/fleet.md), which
/// answers `status` with the fleet's state; a session answers them `unsupported` too.
public enum ControlRequest: Sendable, Equatable {
    case request(id: String, prompt: String, thread: String?)
    case cancel(id: String)
    case status(id: String?)
    case shutdown(id: String?)
    case snapshot(id: String?)
    case ack(id: String?)
    /// Stop the fleet as SIGTERM does; `timeoutMilliseconds` replaces the supervisor's `--stop-timeout`.
    case down(id: String?, timeoutMilliseconds: Int?)
    /// Restart an instance (`scout.2`) or every replica of an agent (`scout`), clearing `fatal`/`exec-failed`.
    case restart(id: String?, target: String)
}

/// A line a session sends back.
public enum ControlReply: Sendable, Equatable {
    /// Live progress of request `id`.
    case event(id: String, event: ControlEvent)
    /// Request `id` finished; `result` is the `--json` shape of `axon run` (docs/cli.md).
    case end(id: String, result: JSONValue)
    /// Something went wrong with request `id` (or with the line, when `id` is nil). `code` is stable.
    case error(id: String?, code: String, message: String)
    /// The session's state: `fields` is an object (session, agent, shape, requests, busy).
    case status(id: String?, fields: [String: JSONValue])
}

/// The `kind` of an `event` line.
public enum ControlEvent: Sendable, Equatable {
    case text(String)
    case toolCall(callID: String, tool: String, arguments: JSONValue)
    case toolResult(callID: String, ok: Bool, content: String)
    case turnEnd
    /// A model call failed before streaming anything and is being retried (a notice for stderr).
    case retrying(message: String)
}
