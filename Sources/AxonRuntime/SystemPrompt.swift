import AxonConfig

/// The system prompt an agent boots with. (Knowledge and the `src/boot.md` template come with the knowledge
/// module; until then it is the agent's instructions under a fixed preamble.) It is byte-stable for the same
/// inputs, because provider prompt caches key on it.
enum SystemPrompt {
    static func render(agent: AgentSpec, workspace: Workspace) -> String {
        var text = "You are \(agent.name), an axon agent working in the repository at \(workspace.root)."
        if let instructions = agent.instructions, !instructions.isEmpty {
            text += "\n\n" + instructions
        }
        return text
    }
}
