import Foundation
import Synchronization

/// `axon up`'s output on a terminal: event lines scroll as before, and under them a status table that is
/// redrawn in place (erased, the event written, drawn again). Not on a terminal it is only the event lines.
///
/// Lines are cut to the terminal's width: a wrapped line would throw the count of lines to erase off.
final class LiveTable: Sendable {
    /// Whether the table is drawn at all: stdout is a terminal and `TERM` is not `dumb`.
    let live: Bool
    private let color: Bool
    /// The table as last rendered, and how many lines of it are on the screen now.
    private let state = Mutex<(table: String, drawn: Int)>(("", 0))

    init(environment: [String: String]) {
        live = Terminal.stdoutIsTerminal && environment["TERM"] != "dumb"
        color = live && (environment["NO_COLOR"] ?? "").isEmpty
    }

    /// Writes one event line above the table.
    func event(_ line: String) {
        state.withLock { state in
            guard live else { return Terminal.out(line + "\n") }
            Terminal.out(Self.erase(state.drawn) + line + "\n")
            state.drawn = draw(state.table)
        }
    }

    /// Replaces the table with `text` (a heading line and rows).
    func show(_ text: String) {
        guard live else { return }
        state.withLock { state in
            Terminal.out(Self.erase(state.drawn))
            state.table = text
            state.drawn = draw(text)
        }
    }

    /// Takes the table off the screen for good (the last event lines stay).
    func clear() {
        guard live else { return }
        state.withLock { state in
            Terminal.out(Self.erase(state.drawn))
            state = ("", 0)
        }
    }

    /// Draws `text` under a blank line; returns the lines it took.
    private func draw(_ text: String) -> Int {
        guard !text.isEmpty else { return 0 }
        let width = Self.width()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
            line.count > width - 1 ? String(line.prefix(width - 1)) : String(line)
        }
        let body = lines.enumerated().map { i, line in color && i <= 1 ? "\u{1B}[2m" + line + "\u{1B}[0m" : line }
        Terminal.out("\n" + body.joined(separator: "\n") + "\n")
        return lines.count + 1
    }

    /// Moves up `lines` lines to the start of the first and clears to the end of the screen.
    private static func erase(_ lines: Int) -> String {
        lines == 0 ? "" : "\u{1B}[\(lines)A\r\u{1B}[J"
    }

    private static func width() -> Int {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 10 else { return 120 }
        return Int(size.ws_col)
    }
}
