public import AxonRuntime
import AxonTrace

extension AgentProcess {
    /// Where a request's live events go (`axon run -p`'s printer in production), and how its output is ended
    /// (a newline its text may lack, so the line saying how it ended starts a line of its own).
    public struct Answer: Sendable {
        public var show: @Sendable (RequestEvent) -> Void
        public var finish: @Sendable () -> Void

        public init(show: @escaping @Sendable (RequestEvent) -> Void, finish: @escaping @Sendable () -> Void) {
            self.show = show
            self.finish = finish
        }

        public static let none = Answer(show: { _ in }, finish: {})
    }

    /// The prompt's one request, shown in the log, then a line saying how it ended (its status, and why when
    /// it is not ok); 0 when it ended ok.
    static func prompt(_ text: String, _ session: Session, _ context: Context) async -> Int32 {
        do throws(RuntimeError) {
            let result = try await session.request(text, onEvent: context.answer.show)
            context.answer.finish()
            let why = result.status == .ok ? "" : ": \(result.error ?? "no reason recorded")"
            context.note("axon: \(context.instance): request \(result.status.rawValue)\(why)")
            return result.status == .ok ? 0 : 1
        } catch {
            context.answer.finish()
            context.note("axon: \(context.instance): \(error)")
            return 1
        }
    }
}
