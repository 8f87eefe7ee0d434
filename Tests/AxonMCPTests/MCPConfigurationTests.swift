import AxonConfig
import AxonTesting
import Testing

@testable import AxonMCP

/// `.agents/mcp.json` and fleet.yaml's `mcp:`: shapes, names, precedence, and every problem located.
@Suite struct MCPConfigurationTests {
    func parse(_ text: String) -> MCPConfiguration {
        MCPConfiguration.parse(Array(text.utf8), file: ".agents/mcp.json")
    }

    @Test func readsTheFormatOtherClientsWrite() {
        let config = parse(
            """
            {"mcpServers": {
              "time": {"command": "python3", "args": ["-m", "mcp_server_time"], "env": {"TZ": "UTC"}},
              "docs": {"type": "stdio", "command": "docs-server"}
            }}
            """)
        #expect(config.diagnostics.isEmpty)
        #expect(
            config.servers["time"]
                == MCPServerConfig(
                    name: "time", command: "python3", args: ["-m", "mcp_server_time"], env: ["TZ": "UTC"]))
        #expect(config.servers["docs"]?.command == "docs-server")
    }

    @Test func badJSONIsADiagnosticAtItsLineAndColumn() {
        let config = parse("{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\",}\n  }\n}\n")
        #expect(config.servers.isEmpty)
        #expect(
            config.diagnostics.map(\.description) == [
                ".agents/mcp.json:3:26: invalid JSON: expected a quoted member name"
            ])
    }

    @Test func truncatedFileAndGarbageNeverCrash() {
        for text in [
            "", "{", "{\"mcpServers\": {\"a\": {\"command\": \"x", "\u{FEFF}{}", String(repeating: "[", count: 10_000),
            "nul",
        ] {
            let config = parse(text)
            #expect(config.servers.isEmpty)
            #expect(config.diagnostics.count == 1, "\(text.prefix(20))")
        }
    }

    @Test func wrongShapesAreReportedWhereTheyAre() {
        let config = parse(
            """
            {"mcpServers": {
              "ok": {"command": "ok-server"},
              "noCommand": {"args": []},
              "badArgs": {"command": "x", "args": "-v"},
              "badEnv": {"command": "x", "env": {"A": 1}},
              "1bad": {"command": "x"},
              "web": {"url": "https://example.invalid/mcp"}
            }}
            """)
        #expect(Array(config.servers.keys) == ["ok"])
        #expect(
            config.diagnostics.map(\.description) == [
                ".agents/mcp.json:3:16: server 'noCommand' has no 'command'",
                ".agents/mcp.json:4:39: 'args' must be an array of strings, found a string",
                ".agents/mcp.json:5:43: 'env.A' must be a string, found a number",
                ".agents/mcp.json:6:3: invalid server name '1bad' (expected [A-Za-z][A-Za-z0-9_-]{0,63})",
                ".agents/mcp.json:7:18: " + MCPConfiguration.urlUnsupported("web"),
            ])
    }

    @Test func topLevelMustBeAnObjectOfServers() {
        #expect(
            parse("[]").diagnostics.map(\.description) == [
                ".agents/mcp.json:1:1: expected an object with \"mcpServers\", found an array"
            ])
        #expect(parse("{\"mcpServers\": []}").diagnostics.first?.column == 16)
        #expect(parse("{}").servers.isEmpty && parse("{}").diagnostics.isEmpty)
    }

    @Test func fleetYAMLWinsANameClashAndSaysSo() throws {
        let ws = try TemporaryWorkspace(files: [
            ".agents/mcp.json": #"{"mcpServers": {"time": {"command": "from-file"}, "docs": {"command": "docs"}}}"#
        ])
        defer { ws.remove() }
        let config = MCPConfiguration.load(
            root: ws.path,
            fleet: ["time": MCPServerSpec(command: "from-fleet", args: ["-v"]), "web": MCPServerSpec(url: "http://x")])
        #expect(config.servers["time"]?.command == "from-fleet")
        #expect(config.servers["time"]?.origin == .fleet)
        #expect(config.servers["docs"]?.origin == .agentsFile)
        #expect(config.servers["web"] == nil)
        #expect(
            config.diagnostics.contains {
                $0.message.contains("'time' is also in .agents/mcp.json; fleet.yaml's entry is used")
            })
        #expect(config.diagnostics.contains { $0.message.contains("'url' (HTTP) servers are not supported yet") })
    }

    @Test func fleetWarningsSitAtTheServersLine() {
        let text = "version: 1\nmcp:\n  # servers\n  time: {command: t}\n  web:\n    url: http://x\nwatch: {}\n"
        var config = MCPConfiguration()
        config.merge(
            fleet: ["web": MCPServerSpec(url: "http://x")], source: ConfigSource(path: "/r/fleet.yaml", text: text))
        #expect(config.diagnostics.map { "\($0.file):\($0.line):\($0.column)" } == ["fleet.yaml:5:3"])
        #expect(MCPConfiguration.locate(server: "time", in: text) == (4, 3))
        #expect(MCPConfiguration.locate(server: "other", in: text) == (2, 1))
        #expect(MCPConfiguration.locate(server: "time", in: nil) == (1, 1))
    }

    @Test func aMissingFileIsNoServers() throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        #expect(MCPConfiguration.load(root: ws.path) == MCPConfiguration())
    }

    @Test func serverNames() {
        #expect(MCPServerConfig.isValidName("a"))
        #expect(MCPServerConfig.isValidName("Time_server-2"))
        #expect(MCPServerConfig.isValidName(String(repeating: "a", count: 64)))
        #expect(!MCPServerConfig.isValidName(String(repeating: "a", count: 65)))
        #expect(!MCPServerConfig.isValidName(""))
        #expect(!MCPServerConfig.isValidName("_a"))
        #expect(!MCPServerConfig.isValidName("a.b"))
        #expect(!MCPServerConfig.isValidName("ä"))
    }

    @Test func configHashIgnoresOriginAndKeyOrder() {
        let a = MCPServerConfig(name: "t", command: "x", args: ["1"], env: ["A": "1", "B": "2"], origin: .fleet)
        let b = MCPServerConfig(name: "t", command: "x", args: ["1"], env: ["B": "2", "A": "1"], origin: .agentsFile)
        #expect(a.configHash == b.configHash)
        #expect(a.configHash != MCPServerConfig(name: "t", command: "x", args: ["2"]).configHash)
        #expect(a.configHash.count == 16)
    }
}
