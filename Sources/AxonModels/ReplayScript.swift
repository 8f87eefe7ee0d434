public import AxonCore

/// The offline model's script: rules matched against the latest user prompt, each a list of scripted turns.
///
/// Format (docs/replay-format.md):
/// ```yaml
/// rules:
///   - match: "list files"          # case-insensitive substring of the latest user message
///     turns:
///       - text: "Let me look."
///         tool_calls: [{name: list_files, arguments: {path: src}}]
///       - text: "Done: {{last_tool_result}}"
/// default:                         # turns used when no rule matches
///   - text: "You said: {{prompt}}"
/// ```
/// The n-th model call after the latest user message answers with the rule's n-th turn, so a script is
/// stateless: the same conversation always gets the same answer, in any process.
public struct ReplayScript: Sendable, Equatable {
    public struct Rule: Sendable, Equatable {
        /// Case-insensitive substring; nil matches everything.
        public var match: String?
        public var turns: [Turn]
        public init(match: String?, turns: [Turn]) {
            self.match = match
            self.turns = turns
        }
    }

    public struct Turn: Sendable, Equatable {
        public var text: String?
        public var toolCalls: [ScriptedCall]
        /// A pause before each streamed text delta (`delay_ms`): a slow model, for demos and cancellation tests.
        public var delayMS: Int
        public init(text: String?, toolCalls: [ScriptedCall] = [], delayMS: Int = 0) {
            self.text = text
            self.toolCalls = toolCalls
            self.delayMS = delayMS
        }
    }

    public struct ScriptedCall: Sendable, Equatable {
        public var name: String
        public var arguments: JSONValue
        public init(name: String, arguments: JSONValue) {
            self.name = name
            self.arguments = arguments
        }
    }

    public var rules: [Rule]
    public var fallback: [Turn]

    public init(rules: [Rule], fallback: [Turn]) {
        self.rules = rules
        self.fallback = fallback
    }

    /// The script of the built-in offline model, used when a replay model names no script.
    public static let builtIn = ReplayScript(
        rules: [],
        fallback: [
            Turn(
                text: "This is axon's offline replay model: no LLM is attached, so I can only echo. "
                    + "You said: {{prompt}}")
        ])

    /// The turns that answer a conversation whose latest user message is `prompt`.
    public func turns(for prompt: String) -> [Turn] {
        let lowered = prompt.lowercased()
        for rule in rules {
            guard let match = rule.match else { return rule.turns }
            if lowered.contains(match.lowercased()) { return rule.turns }
        }
        return fallback.isEmpty ? Self.builtIn.fallback : fallback
    }
}
