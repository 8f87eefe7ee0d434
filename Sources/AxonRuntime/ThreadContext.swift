import AxonConfig
import AxonCore
import AxonThreads

/// How many tokens of history a request may carry: the model's context minus its output reserve, the system
/// prompt and the new prompt.
struct ContextBudget {
    var available: Int

    /// Defaults when the model does not say: 128k context, 4k output.
    init(model: ModelSpec, system: String, prompt: String) {
        let context = model.contextTokens ?? 128_000
        let reserve = model.maxTokens ?? 4_096
        let fixed = Usage.estimatedTokens(bytes: system.utf8.count + prompt.utf8.count)
        available = max(0, context - reserve - fixed)
    }

    /// History beyond this share of the budget is compacted before the request runs, leaving room for the
    /// request's own turns and tool results.
    var compactAbove: Int { available * 3 / 4 }
}

/// A named thread as a request finds it: the history to resume and where the request goes in the thread.
struct ThreadContext {
    let thread: ThreadName
    let index: ThreadIndex
    /// This request's number in the thread.
    let n: Int
    /// Messages to send before the new prompt (a compaction summary first, when there is one).
    var history: [Message]
    /// The index entries `history` came from.
    var loaded: [ThreadIndexEntry]
    /// Older requests exist beyond the budget that no compaction covers.
    var truncated: Bool
    var tokens: Int
    let budget: ContextBudget

    var needsCompaction: Bool { truncated || tokens > budget.compactAbove }

    /// Reads the thread's index from its end (cost follows the budget, not the history) and the messages of
    /// the entries within reach from the traces.
    static func load(_ thread: ThreadName, workspace: Workspace, budget: ContextBudget) throws(RuntimeError)
        -> ThreadContext
    {
        let index = ThreadIndex(dataDirectory: workspace.root + "/data", thread: thread)
        do {
            let tail = try index.tail(budget: budget.available)
            let entries = (tail.compaction.map { [$0] } ?? []) + tail.requests
            let (messages, _) = try ThreadHistory.messages(
                of: entries, thread: thread, sessionsDirectory: workspace.sessionsDirectory)
            return ThreadContext(
                thread: thread, index: index, n: tail.lastN + 1, history: messages, loaded: entries,
                truncated: tail.truncated, tokens: tail.tokens, budget: budget)
        } catch {
            throw .threads(error)
        }
    }
}
