public import AxonConfig

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The MCP servers of a repo: `.agents/mcp.json` merged with fleet.yaml's `mcp:`, and every problem found.
///
/// `.agents/mcp.json` is the file other MCP clients read (`{"mcpServers": {NAME: {"command", "args", "env"}}}`);
/// fleet.yaml's `mcp:` has the same shape. On a name clash **fleet.yaml wins**: it is the more specific file
/// (this repo's fleet, against a workspace file shared with other tools), and the clash is reported. Loading never
/// throws and never stops at the first problem: a broken file or entry is a diagnostic with `path:line:col`, and
/// the valid entries are still used.
public struct MCPConfiguration: Sendable, Equatable {
    /// The startable servers, by name.
    public var servers: [String: MCPServerConfig]
    /// Every problem, in file order; warnings (a clash, an unsupported `url` server) included.
    public var diagnostics: [ConfigDiagnostic]

    public init(servers: [String: MCPServerConfig] = [:], diagnostics: [ConfigDiagnostic] = []) {
        self.servers = servers
        self.diagnostics = diagnostics
    }

    /// The repo-relative path of the workspace MCP file.
    public static let agentsFile = ".agents/mcp.json"

    /// Reads `<root>/.agents/mcp.json` (a missing file is no servers, not an error) and merges `fleet` over it.
    /// - Parameters:
    ///   - root: the repo root.
    ///   - fleet: fleet.yaml's `mcp:` (already validated by the fleet loader).
    ///   - fleetSource: fleet.yaml's text, to place fleet-side warnings at their line (else at 1:1).
    public static func load(
        root: String, fleet: [String: MCPServerSpec] = [:], fleetSource: ConfigSource? = nil
    ) -> MCPConfiguration {
        let path = root + "/" + agentsFile
        var config = MCPConfiguration()
        if FileManager.default.fileExists(atPath: path) {
            if let data = FileManager.default.contents(atPath: path) {
                config = parse(Array(data), file: agentsFile)
            } else {
                config.diagnostics.append(
                    ConfigDiagnostic(file: agentsFile, line: 1, column: 1, message: "cannot read the file"))
            }
        }
        config.merge(fleet: fleet, source: fleetSource)
        return config
    }

    /// Parses the text of an mcp.json file; `file` names it in diagnostics.
    public static func parse(_ bytes: [UInt8], file: String) -> MCPConfiguration {
        var config = MCPConfiguration()
        func report(_ offset: Int, _ message: String) {
            let (line, column) = lineAndColumn(of: offset, in: bytes)
            config.diagnostics.append(ConfigDiagnostic(file: file, line: line, column: column, message: message))
        }
        let root: LocatedJSON
        do {
            root = try LocatedJSON.parse(bytes)
        } catch {
            report(error.offset, "invalid JSON: \(error.message)")
            return config
        }
        guard case .object(let top) = root.kind else {
            report(root.offset, "expected an object with \"mcpServers\", found \(root.typeName)")
            return config
        }
        guard let servers = top.last(where: { $0.key == "mcpServers" })?.value else { return config }
        guard case .object(let entries) = servers.kind else {
            report(servers.offset, "\"mcpServers\" must be an object of servers by name, found \(servers.typeName)")
            return config
        }
        var seen = Set<String>()
        for entry in entries {
            guard MCPServerConfig.isValidName(entry.key) else {
                report(entry.keyOffset, "invalid server name '\(entry.key)' (expected [A-Za-z][A-Za-z0-9_-]{0,63})")
                continue
            }
            if !seen.insert(entry.key).inserted {
                report(entry.keyOffset, "duplicate server '\(entry.key)' (the last one is used)")
            }
            if let server = parseServer(entry.key, entry.value, report: report) {
                config.servers[entry.key] = server
            }
        }
        return config
    }

    private static func parseServer(
        _ name: String, _ node: LocatedJSON, report: (Int, String) -> Void
    ) -> MCPServerConfig? {
        guard case .object(let fields) = node.kind else {
            report(node.offset, "server '\(name)' must be an object, found \(node.typeName)")
            return nil
        }
        var command: String?
        var args: [String] = []
        var env: [String: String] = [:]
        var valid = true
        for field in fields {
            let value = field.value
            switch field.key {
            case "command":
                guard case .string(let s) = value.kind, !s.isEmpty else {
                    report(value.offset, "'command' must be a non-empty string, found \(value.typeName)")
                    valid = false
                    continue
                }
                command = s
            case "args":
                guard case .array(let items) = value.kind else {
                    report(value.offset, "'args' must be an array of strings, found \(value.typeName)")
                    valid = false
                    continue
                }
                for item in items {
                    guard case .string(let s) = item.kind else {
                        report(item.offset, "'args' items must be strings, found \(item.typeName)")
                        valid = false
                        continue
                    }
                    args.append(s)
                }
            case "env":
                guard case .object(let pairs) = value.kind else {
                    report(value.offset, "'env' must be an object of strings, found \(value.typeName)")
                    valid = false
                    continue
                }
                for pair in pairs {
                    guard case .string(let s) = pair.value.kind else {
                        report(pair.value.offset, "'env.\(pair.key)' must be a string, found \(pair.value.typeName)")
                        valid = false
                        continue
                    }
                    env[pair.key] = s
                }
            case "url":
                report(value.offset, Self.urlUnsupported(name))
                return nil
            // Keys other clients write (`type`, `disabled`, `cwd`, …) are tolerated, so one file serves them all.
            default: continue
            }
        }
        guard valid else { return nil }
        guard let command else {
            report(node.offset, "server '\(name)' has no 'command'")
            return nil
        }
        return MCPServerConfig(name: name, command: command, args: args, env: env, origin: .agentsFile)
    }

    static func urlUnsupported(_ name: String) -> String {
        "server '\(name)': 'url' (HTTP) servers are not supported yet; only stdio servers with 'command' run"
    }

    /// Merges fleet.yaml's `mcp:` over the file's servers: fleet.yaml wins a clash, and the clash is reported.
    mutating func merge(fleet: [String: MCPServerSpec], source: ConfigSource? = nil) {
        let file = source.map { URL(fileURLWithPath: $0.path).lastPathComponent } ?? "fleet.yaml"
        for name in fleet.keys.sorted() {
            let spec = fleet[name]!
            func report(_ message: String) {
                let (line, column) = Self.locate(server: name, in: source?.text)
                diagnostics.append(ConfigDiagnostic(file: file, line: line, column: column, message: message))
            }
            guard MCPServerConfig.isValidName(name) else {
                report("mcp: invalid server name '\(name)' (expected [A-Za-z][A-Za-z0-9_-]{0,63})")
                continue
            }
            if spec.url != nil, spec.command == nil {
                report("mcp: " + Self.urlUnsupported(name))
                continue
            }
            guard let command = spec.command, !command.isEmpty else {
                report("mcp: server '\(name)' has no 'command'")
                continue
            }
            if servers[name] != nil {
                report("mcp: server '\(name)' is also in \(Self.agentsFile); fleet.yaml's entry is used")
            }
            servers[name] = MCPServerConfig(
                name: name, command: command, args: spec.args, env: spec.env, origin: .fleet)
        }
    }

    /// Where `NAME:` sits under fleet.yaml's top-level `mcp:` (block style), else the `mcp:` line, else 1:1.
    /// The fleet loader has validated the file; this only places a warning.
    static func locate(server name: String, in text: String?) -> (line: Int, column: Int) {
        guard let text else { return (1, 1) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let top = lines.firstIndex(where: { $0.hasPrefix("mcp:") }) else { return (1, 1) }
        for (i, line) in lines.enumerated().dropFirst(top + 1) {
            let indent = line.prefix { $0 == " " }.count
            if indent == 0 && !line.isEmpty && !line.hasPrefix("#") { break }
            let rest = line.dropFirst(indent)
            if rest.hasPrefix(name + ":") || rest.hasPrefix("\"\(name)\":") || rest.hasPrefix("'\(name)':") {
                return (i + 1, indent + 1)
            }
        }
        return (top + 1, 1)
    }
}
