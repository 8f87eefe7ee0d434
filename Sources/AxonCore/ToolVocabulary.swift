/// The tool vocabulary every module shares: what the model is offered (`ToolSpec`), what it asks for
/// (`ToolCall`), what a call produced (`ToolOutcome`), and what kind of tool answered (`ToolKind`).
///
/// It lives in AxonCore because both sides of a model call need it: AxonModels puts specs into requests and
/// decodes calls from streams, AxonTools dispatches the calls, AxonRuntime traces both.

/// A tool as the model sees it: one entry of the spec list sent with every model call.
public struct ToolSpec: Sendable, Equatable {
    public var name: String
    public var description: String
    /// JSON Schema of the arguments object.
    public var inputSchema: JSONValue
    public init(name: String, description: String, inputSchema: JSONValue) {
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
    }
}

/// A tool call the model asked for. `arguments` is the parsed JSON object, or `.string(raw)` when the model
/// produced text that is not valid JSON (kept verbatim so the trace shows what the model said).
public struct ToolCall: Hashable, Sendable {
    public var id: String
    public var name: String
    public var arguments: JSONValue
    public init(id: String, name: String, arguments: JSONValue) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

/// What one tool call produced: the text the model sees, and whether it is an error.
public struct ToolOutcome: Sendable, Equatable {
    public var ok: Bool
    public var content: String
    /// For a refusal or a cap the runtime also records as an `error` trace entry (`policy_denied`, …).
    public var errorCode: String?

    public init(ok: Bool, content: String, errorCode: String? = nil) {
        self.ok = ok
        self.content = content
        self.errorCode = errorCode
    }

    public static func success(_ content: String) -> ToolOutcome { ToolOutcome(ok: true, content: content) }
    public static func failure(_ content: String, code: String? = nil) -> ToolOutcome {
        ToolOutcome(ok: false, content: content.hasPrefix("error:") ? content : "error: " + content, errorCode: code)
    }
}

/// Why a tool failed: a message for the model, and a trace error code when the failure is a refusal.
public struct ToolFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var code: String?
    public init(_ message: String, code: String? = nil) {
        self.message = message
        self.code = code
    }
    public var description: String { message }
}

/// What kind of tool answers a name. Every kind dispatches through the same path (policy filter, schema
/// check, run, output cap); the kind only decides how the run happens.
public enum ToolKind: String, Sendable, Equatable, CaseIterable {
    /// Compiled into axon (`read_file`, `run_shell`, …).
    case builtin
    /// A file in `src/tools/` or `.agents/tools/` with a manifest header, run as a process.
    case executable
    /// A tool of an MCP server (`mcp__SERVER__TOOL`).
    case mcp
    /// A skill's tool (`load_skill`).
    case skill
}

/// Whether a discovered tool is offered to the model.
public enum ToolStatus: Sendable, Equatable {
    /// Offered (subject to the agent's `tools: {allow, deny}`).
    case active
    /// Its definition is broken (an unreadable manifest, a bad name, …); the reason is in the entry's error.
    case invalid
    /// A tool of higher precedence has the same name; `by` is that tool's source.
    case shadowed(by: String)
    /// An MCP tool whose server failed to start or died: still offered (a call retries the server after its
    /// backoff), reported with the reason.
    case serverDown(reason: String)
    /// Held back by `tools: {trust: review}`: an agent wrote this version of the file and no human approved it
    /// (`written by agent X; awaiting ...`), or a human rejected it. It is never offered and shadows nothing.
    case quarantined(reason: String)

    /// `active`, `invalid`, `shadowed`, `quarantined` or `server down`, as `axon tools` prints it.
    public var name: String {
        switch self {
        case .active: return "active"
        case .invalid: return "invalid"
        case .shadowed: return "shadowed"
        case .serverDown: return "server down"
        case .quarantined: return "quarantined"
        }
    }
}
