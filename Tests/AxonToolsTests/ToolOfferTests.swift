import AxonConfig
import AxonCore
import AxonTesting
import AxonTools
import Testing

/// Many tools (issue 11, item 8): past `tools.max_direct` or `tools.budget_kb` the rest are found with
/// `search_tools` instead of being dropped or failing the request.
@Suite struct ToolOfferTests {
    static func tool(_ name: String, _ description: String) -> String {
        "#!/bin/sh\n# ---\n# name: \(name)\n# description: \(description)\n# ---\necho \(name) ran\n"
    }

    /// A repo with `count` executable tools `t00…`; `t17` is the only one about zebras.
    func repo(_ count: Int) throws -> TemporaryWorkspace {
        var files: [String: String] = [:]
        for i in 0..<count {
            let name = "t" + (i < 10 ? "0" : "") + String(i)
            files["src/tools/\(name).sh"] = Self.tool(name, i == 17 ? "Count the zebras in a herd." : "Tool \(i).")
        }
        return try TemporaryWorkspace(files: files)
    }

    func box(_ ws: TemporaryWorkspace, maxDirect: Int = 100, budgetKB: Int = 64) -> ToolBox {
        ToolBox(
            root: ws.path,
            agent: AgentSpec(name: "a", tools: ToolsSpec(maxDirect: maxDirect, budgetKB: budgetKB)),
            environment: ["PATH": "/usr/bin:/bin"], sandbox: .none)
    }

    @Test func everythingThatFitsIsOfferedDirectlyAndNoSearchToolAppears() throws {
        let ws = try repo(30)
        defer { ws.remove() }
        let tools = box(ws)
        #expect(tools.offer.deferred.isEmpty)
        #expect(!tools.specs.map(\.name).contains("search_tools"))
        #expect(tools.specs.count == 6 + 30)
    }

    @Test func pastMaxDirectTheRestWaitBehindSearchToolsInPrecedenceOrder() throws {
        let ws = try repo(30)
        defer { ws.remove() }
        let tools = box(ws, maxDirect: 10)
        let names = tools.specs.map(\.name)
        #expect(names.count == 10, "\(names)")
        #expect(
            names.suffix(4) == ["t00", "t01", "t02", "search_tools"], "built-ins, then the first tools, then search")
        #expect(tools.offer.deferred.map(\.name).first == "t03")
        #expect(tools.offer.deferred.count == 27)
        #expect(tools.specs(including: ["t17"]).map(\.name).last == "t17")
    }

    @Test func theSchemaBudgetAlsoDefers() throws {
        let ws = try repo(30)
        defer { ws.remove() }
        let tools = box(ws, budgetKB: 2)
        #expect(!tools.offer.deferred.isEmpty)
        #expect(tools.specs.map(\.name).last == "search_tools")
        let bytes = tools.specs.reduce(0) { $0 + $1.name.utf8.count + $1.description.utf8.count }
        #expect(bytes < 2048 + 1024, "direct specs stay near the budget (built-ins always go)")
    }

    @Test func searchFindsByNameAndDescriptionAndADeferredToolIsCallable() async throws {
        let ws = try repo(30)
        defer { ws.remove() }
        let tools = box(ws, maxDirect: 10)
        let found = await tools.call(
            ToolCall(id: "1", name: "search_tools", arguments: ["query": "how many zebras"]), thread: "t")
        #expect(found.ok, "\(found.content)")
        let specs = try #require(try JSONValue(parsing: found.content).arrayValue)
        #expect(specs.first?["name"]?.stringValue == "t17")
        #expect(specs.first?["input_schema"]?["type"]?.stringValue == "object")
        let ran = await tools.call(ToolCall(id: "2", name: "t17", arguments: [:]), thread: "t")
        #expect(ran.ok && ran.content.contains("t17 ran"), "\(ran.content)")
        let nothing = await tools.call(
            ToolCall(id: "3", name: "search_tools", arguments: ["query": "quasar"]), thread: "t")
        #expect(!nothing.ok && nothing.content.contains("no tool matches"))
    }

    @Test func withoutDeferredToolsSearchToolsIsNotATool() async throws {
        let ws = try repo(3)
        defer { ws.remove() }
        let outcome = await box(ws).call(
            ToolCall(id: "1", name: "search_tools", arguments: ["query": "x"]), thread: "t")
        #expect(!outcome.ok && outcome.content.contains("there is no tool 'search_tools'"))
    }
}
