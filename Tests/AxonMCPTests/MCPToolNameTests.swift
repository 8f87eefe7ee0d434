import Testing

@testable import AxonMCP

/// `mcp__SERVER__TOOL`, safe for every provider.
@Suite struct MCPToolNameTests {
    @Test func plainNamesArePrefixed() {
        #expect(MCPToolName.names(server: "time", tools: ["get_current_time"]) == ["mcp__time__get_current_time"])
    }

    @Test func unsafeCharactersBecomeUnderscoresAndCollisionsGetAHash() {
        let names = MCPToolName.names(server: "fs", tools: ["read.file", "read_file", "a/b"])
        #expect(names[0] == "mcp__fs__read_file")
        #expect(names[1].hasPrefix("mcp__fs__read_file_") && names[1] != names[0])
        #expect(names[2] == "mcp__fs__a_b")
    }

    @Test func longNamesStayWithin64Characters() {
        let long = String(repeating: "x", count: 80)
        let names = MCPToolName.names(server: "srv", tools: [long, long + "y"])
        #expect(names.allSatisfy { $0.count == 64 && $0.hasPrefix("mcp__srv__xxx") })
        #expect(names[0] != names[1])
    }
}
