import AxonCore
import AxonKnowledge
import AxonPolicy

/// read_knowledge: `KnowledgeBase.read(path:)` (its own confinement to knowledge files), under the agent's
/// read and deny globs too.
enum KnowledgeTool {
    static let readKnowledge = Tool.blocking(
        name: KnowledgeBase.readTool.name, description: KnowledgeBase.readTool.description,
        schema: KnowledgeBase.readTool.inputSchema
    ) { (args: ToolArguments, box: ToolBox) throws(ToolFailure) -> String in
        let path = args.string("path")
        _ = try box.check(path, for: .read)
        do throws(KnowledgeError) {
            return try KnowledgeBase(repo: box.policy.root, documents: []).read(path: path)
        } catch {
            throw ToolFailure(error.description)
        }
    }
}
