public import AxonCore

/// One tool of one MCP server, as the model is offered it.
///
/// `name` is `mcp__SERVER__TOOL`, made safe for every provider (`[A-Za-z0-9_-]`, at most 64 characters: other
/// characters become `_`, and a name that would be too long or collide keeps a prefix plus a short hash);
/// `toolName` is the server's own name, which the call uses.
public struct MCPTool: Sendable, Equatable, Codable {
    /// What the model calls: `mcp__SERVER__TOOL`.
    public var name: String
    public var server: String
    /// The tool's name on its server.
    public var toolName: String
    public var description: String
    /// JSON Schema of the arguments object (the server's `inputSchema`).
    public var inputSchema: JSONValue

    public init(name: String, server: String, toolName: String, description: String, inputSchema: JSONValue) {
        self.name = name
        self.server = server
        self.toolName = toolName
        self.description = description
        self.inputSchema = inputSchema
    }
}

/// What one MCP tool call produced: the text the model sees, and whether it is an error.
///
/// A tool's own failure (`isError`), an unknown tool, a server that is down or died during the call, a timeout:
/// all are error outcomes the model reads, never a throw, so no MCP server can end a request or a session.
public struct MCPCallOutcome: Sendable, Equatable {
    public var ok: Bool
    /// The text content blocks joined by newlines (other block kinds are summarised in brackets).
    public var content: String

    public init(ok: Bool, content: String) {
        self.ok = ok
        self.content = content
    }

    static func failure(_ message: String) -> MCPCallOutcome { MCPCallOutcome(ok: false, content: "error: " + message) }
}

/// The model-facing names of a server's tools.
enum MCPToolName {
    /// The most any provider accepts (OpenAI and Anthropic: 64).
    static let maxLength = 64

    /// `mcp__SERVER__TOOL` for each of `tools`, unique within the server and provider-safe.
    static func names(server: String, tools: [String]) -> [String] {
        var used = Set<String>()
        return tools.map { tool in
            let safe = String(tool.unicodeScalars.map { isSafe($0) ? Character($0) : "_" })
            var name = "mcp__\(server)__\(safe)"
            if name.count > maxLength || used.contains(name) {
                // Keep the name recognisable and make it unique by a hash of the original.
                let suffix = "_" + FNV1a.hex(tool).prefix(8)
                name = String(name.prefix(maxLength - suffix.count)) + suffix
            }
            used.insert(name)
            return name
        }
    }

    private static func isSafe(_ s: Unicode.Scalar) -> Bool {
        s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" || s == "-")
    }
}
