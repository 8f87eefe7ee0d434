import AxonConfig
import AxonCore
import AxonModels
import AxonRuntime
import AxonThreads
import AxonTools
import AxonTrace
import Foundation
import Synchronization

/// `axon` with no arguments: a conversation with an agent in one session (shape `interactive`).
///
/// On a terminal it edits lines (history, cursor keys) and takes slash commands; Ctrl-C cancels the running
/// turn (the request ends `cancelled`), not the session; Ctrl-D or `/quit` ends it. When stdin is not a
/// terminal every line is a prompt, answered in turn, until end of input. stdin is read on threads of its own.
final class InteractiveSession: Sendable {
    let session: Session
    let tty: Bool
    let color: Bool
    private let editor = LineEditor()
    private let state = Mutex<(running: Task<RequestResult, any Error>?, exit: Int32?)>((nil, nil))

    init(session: Session, environment: [String: String]) {
        self.session = session
        tty = Terminal.stdinIsTerminal
        color = tty && Terminal.stdoutIsTerminal && (environment["NO_COLOR"] ?? "").isEmpty
    }

    /// Runs until quit, end of input, or SIGTERM. Returns the exit code (0, or 128+n after a signal).
    func run(signals: AsyncStream<Int32>) async -> Int32 {
        let watcher = Task { for await signal in signals { await handle(signal) } }
        defer { watcher.cancel() }
        // Each hot-load in one dim line: what the agent can use changed under it.
        await session.onReload { [self] line in Terminal.note(paint("axon: capabilities " + line, "2")) }
        if tty {
            Terminal.note(
                paint("axon", "1") + " — agent \(session.agent.name), session \(session.id). "
                    + "/help for commands, Ctrl-C cancels a turn, Ctrl-D quits.")
        }
        var thread = session.defaultThread
        while true {
            if let code = state.withLock({ $0.exit }) { return await finish(code) }
            let input = await nextInput(thread: thread)
            if let code = state.withLock({ $0.exit }) { return await finish(code) }
            switch input {
            case .eof: return await finish(0)
            case .interrupt:
                Terminal.note(paint("(/quit or Ctrl-D to leave)", "2"))
            case .line(let raw):
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.isEmpty { continue }
                if line.hasPrefix("/") {
                    if await command(line, thread: &thread) { return await finish(0) }
                    continue
                }
                await ask(line, thread: thread)
            }
        }
    }

    /// Runs a slash command; returns true to quit.
    private func command(_ line: String, thread: inout ThreadName?) async -> Bool {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        switch parts[0] {
        case "/quit", "/exit": return true
        case "/thread":
            if argument.isEmpty {
                Terminal.out(
                    thread.map { "thread: \($0)\n" } ?? "thread: (the session's own; /thread NAME to switch)\n")
            } else if let problem = ThreadName.validate(argument) {
                Terminal.note("axon: \(problem.description)")
            } else {
                thread = ThreadName(argument)
                Terminal.out("thread: \(argument)\n")
            }
        case "/tools":
            // The same report as `axon tools`, of this session's own tools.
            Terminal.out(await session.toolReport().text)
        case "/knowledge":
            let files = await session.knowledgeFiles
            Terminal.out(
                files.isEmpty
                    ? "knowledge: none loaded (add markdown under data/knowledge/)\n"
                    : "knowledge (\(files.count) file\(files.count == 1 ? "" : "s")):\n"
                        + files.map { "  \($0)\n" }.joined())
        case "/usage":
            let t = await session.totals
            Terminal.out(
                "usage: \(t.requests) request\(t.requests == 1 ? "" : "s"), \(t.usage.inputTokens) input + "
                    + "\(t.usage.outputTokens) output tokens, $\(JSONValue.double(t.costUSD).serialized())\n")
        case "/help":
            Terminal.out(
                """
                /thread NAME   switch to named thread NAME (resumes its history); /thread shows the current one
                /tools         the tools this session has
                /knowledge     the knowledge files in the system prompt now
                /usage         tokens and USD so far in this session
                /quit          end the session (or Ctrl-D)

                """)
        default:
            Terminal.note("axon: unknown command \(parts[0]); /help lists them")
        }
        return false
    }

    private func ask(_ prompt: String, thread: ThreadName?) async {
        let printer = StreamPrinter()
        let task = Task { [session] () async throws -> RequestResult in
            try await session.request(prompt, thread: thread) { printer.show($0) }
        }
        state.withLock { $0.running = task }
        defer { state.withLock { $0.running = nil } }
        do {
            let result = try await task.value
            printer.finish()
            if result.status == .cancelled {
                Terminal.note(paint("(cancelled)", "2"))
            } else if result.status != .ok {
                Terminal.error("request \(result.status.rawValue): \(result.error ?? "unknown")")
            }
        } catch {
            printer.finish()
            Terminal.error("\(error)")
        }
    }

    /// SIGINT cancels the running turn (on a terminal it never ends the session; in line mode with nothing
    /// running it does); SIGTERM ends the session.
    private func handle(_ signal: Int32) async {
        let running = state.withLock { s -> Task<RequestResult, any Error>? in
            if signal != SIGINT || !tty { s.exit = s.exit ?? Signals.exitCode(signal) }
            return s.running
        }
        if let running {
            running.cancel()
        } else if let code = state.withLock({ $0.exit }) {
            // Waiting for input (a blocked read): end the session from here.
            LineEditor.restoreTerminal()
            Terminal.out("\n")
            _ = await finish(code)
            Foundation.exit(code)
        }
    }

    private func finish(_ code: Int32) async -> Int32 {
        await session.end(reason: code == 0 ? "completed" : "signal")
        return code
    }

    private func nextInput(thread: ThreadName?) async -> LineEditor.Input {
        let tty = tty
        let editor = editor
        let prompt = paint((thread.map { "\($0)" } ?? "axon") + "> ", "1;36")
        return await withCheckedContinuation { continuation in
            let reader = Thread {
                if tty {
                    continuation.resume(returning: editor.readLine(prompt: prompt))
                } else if let line = Swift.readLine(strippingNewline: true) {
                    continuation.resume(returning: .line(line))
                } else {
                    continuation.resume(returning: .eof)
                }
            }
            reader.name = "axon-stdin"
            reader.start()
        }
    }

    func paint(_ text: String, _ sgr: String) -> String {
        color ? "\u{1B}[\(sgr)m\(text)\u{1B}[0m" : text
    }
}
