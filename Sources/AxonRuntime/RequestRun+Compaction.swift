import AxonCore
import AxonThreads
import AxonTrace

extension RequestRun {
    /// The instruction the model gets when asked to compact a thread.
    static let compactionSystem = """
        You compact conversation history for an agent that will continue the conversation. Write a concise \
        summary that keeps every decision, fact, open task, file path, name and user preference; drop chatter.
        """
    static let compactionPrompt = "Summarise the conversation above for your future self, who will continue it."

    /// Replaces the loaded history with a summary: the model writes it, or — when the model cannot be asked — a
    /// marker says what was dropped. Traced as a `compaction` entry; a resume starts from it.
    mutating func compact() async throws(RuntimeError) {
        guard let context else { return }
        let replaced = context.loaded.filter { $0.kind == .request }
        var summary = ""
        if !context.history.isEmpty {
            do {
                let turn = try await callModel(
                    system: Self.compactionSystem, messages: context.history + [.user(Self.compactionPrompt)],
                    streaming: false)
                summary = turn.text.trimmingWhitespace
            } catch let error as RuntimeError {
                throw error
            } catch {
                try await record(.error(code: "compaction_failed", message: "\(error)"))
            }
        }
        if summary.isEmpty {
            summary =
                "[\(replaced.count) earlier request(s) of this thread were dropped to fit the context window; "
                + "no summary could be made]"
        }
        if context.truncated {
            summary = "[Older requests beyond the context budget were dropped without a summary.]\n\n" + summary
        }
        let ids = replaced.map { RequestID(rawValue: "\($0.session.rawValue)/\($0.request.rawValue)") }
        compaction = try await record(.compaction(replaces: ids, summary: summary))
        guard case .compaction(_, let recorded) = compaction!.entry.event else { return }
        messages = [.user(ThreadHistory.summaryPreamble + recorded)]
    }
}
