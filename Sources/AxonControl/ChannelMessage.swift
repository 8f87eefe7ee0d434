/// A line on a fleet agent's private channel to its supervisor (docs/fleet.md, "Control channel"): a
/// `socketpair` the supervisor makes per spawn, fd 3 in the agent.
public enum ChannelMessage: Sendable, Equatable {
    /// Supervisor → agent: the hot-load files moved on to `generation`; `scope` names the parts of the
    /// capabilities that can have changed since the generation sent before (`tools`, `prompt`, `mcp`);
    /// `paths`, the repo-relative files that changed, when the supervisor's watcher knows them (nil: not known,
    /// the agent looks at every file of those parts).
    case capabilities(generation: Int, scope: [String], paths: [String]? = nil)
    /// Agent → supervisor: the session has applied `generation` (or found nothing to change in it).
    case ack(generation: Int)
    /// Agent → supervisor: what its session is doing and has spent (see `AgentActivity`).
    case activity(AgentActivity)
}
