import Foundation
import Synchronization

/// A minimal line editor over termios raw mode: left/right, Home/End (Ctrl-A/E), backspace, delete,
/// up/down history, Ctrl-U (kill line), Ctrl-C (discard the line), Ctrl-D (quit on an empty line).
///
/// `readLine` blocks: call it from a thread of its own, never from a task of the cooperative pool. The terminal
/// is in raw mode only while a line is being edited, so Ctrl-C during a turn is an ordinary SIGINT.
final class LineEditor: Sendable {
    enum Input: Sendable, Equatable {
        case line(String)
        /// Ctrl-C (the line was discarded).
        case interrupt
        /// Ctrl-D on an empty line, or stdin closed.
        case eof
    }

    private let history = Mutex<[String]>([])
    /// The terminal's settings while a line is being edited, to restore on an exit from elsewhere (SIGTERM).
    private static let saved = Mutex<termios?>(nil)

    /// Puts the terminal back in the mode it had before editing began (no-op when not editing).
    static func restoreTerminal() {
        if var settings = saved.withLock({ $0 }) { tcsetattr(STDIN_FILENO, TCSADRAIN, &settings) }
    }
    private let fd: Int32 = STDIN_FILENO

    /// Reads one line after echoing `prompt` (which may hold ANSI colour).
    func readLine(prompt: String) -> Input {
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return .eof }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        Self.saved.withLock { $0 = saved }
        tcsetattr(fd, TCSADRAIN, &raw)
        defer {
            tcsetattr(fd, TCSADRAIN, &saved)
            Self.saved.withLock { $0 = nil }
        }

        let past = history.withLock { $0 }
        var entries = past + [""]
        var index = entries.count - 1
        var line: [Character] = []
        var cursor = 0
        func redraw() {
            var out = "\r" + prompt + String(line) + "\u{1B}[K"
            let back = line.count - cursor
            if back > 0 { out += "\u{1B}[\(back)D" }
            Terminal.out(out)
        }
        Terminal.out(prompt)
        while true {
            guard let byte = readByte() else { return .eof }
            switch byte {
            case 0x0D, 0x0A:
                Terminal.out("\r\n")
                let text = String(line)
                if !text.trimmingCharacters(in: .whitespaces).isEmpty {
                    history.withLock { h in
                        if h.last != text { h.append(text) }
                        if h.count > 500 { h.removeFirst() }
                    }
                }
                return .line(text)
            case 0x03:
                Terminal.out("^C\r\n")
                return .interrupt
            case 0x04:
                if line.isEmpty {
                    Terminal.out("\r\n")
                    return .eof
                }
                if cursor < line.count { line.remove(at: cursor) }
            case 0x01: cursor = 0
            case 0x05: cursor = line.count
            case 0x15:
                line.removeAll()
                cursor = 0
            case 0x7F, 0x08:
                if cursor > 0 {
                    line.remove(at: cursor - 1)
                    cursor -= 1
                }
            case 0x1B:
                guard let b1 = readByte(), b1 == 0x5B || b1 == 0x4F, let b2 = readByte() else { break }
                switch b2 {
                case 0x41, 0x42:  // up, down
                    entries[index] = String(line)
                    index = b2 == 0x41 ? max(0, index - 1) : min(entries.count - 1, index + 1)
                    line = Array(entries[index])
                    cursor = line.count
                case 0x43: cursor = min(line.count, cursor + 1)
                case 0x44: cursor = max(0, cursor - 1)
                case 0x48: cursor = 0
                case 0x46: cursor = line.count
                case 0x33:
                    if readByte() == 0x7E, cursor < line.count { line.remove(at: cursor) }
                default: break
                }
            default:
                guard byte >= 0x20 else { break }
                var bytes = [byte]
                let extra = byte >= 0xF0 ? 3 : byte >= 0xE0 ? 2 : byte >= 0xC0 ? 1 : 0
                for _ in 0..<extra { if let b = readByte() { bytes.append(b) } }
                for ch in String(decoding: bytes, as: UTF8.self) {
                    line.insert(ch, at: cursor)
                    cursor += 1
                }
            }
            redraw()
        }
    }

    private func readByte() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n == 1 { return byte }
            if n < 0, errno == EINTR { continue }
            return nil
        }
    }
}
