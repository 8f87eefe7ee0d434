import AxonCore

/// search_tools: finds the agent's tools that are not in the request (past `tools.max_direct` or
/// `tools.budget_kb`, see `ToolOffer`) and returns their specs; the model can then call them by name.
public enum SearchTool {
    public static let name = "search_tools"
    public static let defaultLimit = 10

    static let searchTools = Tool.builtin(
        name: name,
        description:
            "Find more tools: you have more tools than fit in this request. Describe what you need in a few "
            + "words; the matching tools' names, descriptions and argument schemas come back, and you can call "
            + "them by name right away.",
        schema: Tool.schema(
            [
                ("query", "string", "Words describing the tool you need, e.g. \"deploy status\"."),
                ("limit", "integer", "At most this many tools (default 10)."),
            ], required: ["query"])
    ) { (args: ToolArguments, box: ToolBox) async throws(ToolFailure) -> String in
        let found = box.search(args.string("query"), limit: max(1, args.optionalInt("limit") ?? defaultLimit))
        guard !found.isEmpty else {
            throw ToolFailure("no tool matches '\(args.string("query"))'; try other words")
        }
        let specs = JSONValue.array(
            found.map { tool in
                .object([
                    "name": .string(tool.name), "description": .string(tool.spec.description),
                    "input_schema": tool.spec.inputSchema,
                ])
            })
        return specs.serialized()
    }
}
