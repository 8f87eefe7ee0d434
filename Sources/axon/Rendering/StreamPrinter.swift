import AxonCore
import AxonRuntime
import Foundation
import Synchronization

/// Renders a request's live events: text to stdout as it streams, tool activity to stderr.
final class StreamPrinter: Sendable {
    private let endsWithNewline = Mutex(true)

    func show(_ event: RequestEvent) {
        switch event {
        case .textDelta(let piece):
            Terminal.out(piece)
            endsWithNewline.withLock { $0 = piece.hasSuffix("\n") }
        case .toolCall(let call):
            newline()
            Terminal.note("→ \(call.name) \(call.arguments.serialized())")
        case .toolResult(_, let ok, let content):
            let firstLine = content.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            Terminal.note("  \(ok ? "✓" : "✗") \(firstLine.prefix(200))")
        case .turnEnded:
            newline()
        case .retrying(let message):
            newline()
            Terminal.note("axon: \(message)")
        }
    }

    /// Ends the output with a newline if the model's text did not.
    func finish() { newline() }

    private func newline() {
        let needed = endsWithNewline.withLock { value in
            defer { value = true }
            return !value
        }
        if needed { Terminal.out("\n") }
    }
}

/// Standard input, read whole.
enum StandardInput {
    static func readAll() -> String {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `readAll` on a thread of its own, so a slow pipe never holds a thread of the cooperative pool.
    static func read() async -> String {
        await withCheckedContinuation { continuation in
            NamedThread.start("axon-stdin") { continuation.resume(returning: readAll()) }
        }
    }
}
