import AxonConfig
import AxonCore
import AxonRuntime
import Foundation

/// The process's standard streams, written without Foundation's buffering surprises.
enum Terminal {
    /// Writes `text` to stdout immediately (streamed model output must not wait for a newline).
    static func out(_ text: String) {
        write(text, to: STDOUT_FILENO)
    }

    /// Writes all of `text` to `fd`, unbuffered. A closed pipe (EPIPE; SIGPIPE is ignored) drops the rest.
    static func write(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }

    /// A message on stderr, prefixed `axon: error: `.
    static func error(_ message: String) {
        write("axon: error: \(message)\n", to: STDERR_FILENO)
    }

    /// Configuration problems on stderr, one `file:line:col: message` per line as compilers print them (editors
    /// and CI annotators jump to them), then a count.
    static func diagnostics(_ diagnostics: [ConfigDiagnostic]) {
        for d in diagnostics { write(d.description + "\n", to: STDERR_FILENO) }
        let n = diagnostics.count
        write("axon: error: \(n) problem\(n == 1 ? "" : "s") in the configuration\n", to: STDERR_FILENO)
    }

    /// Configuration warnings on stderr, `file:line:col: warning: message`; they never change the exit status.
    static func warnings(_ warnings: [ConfigDiagnostic]) {
        for w in warnings { write("\(w.file):\(w.line):\(w.column): warning: \(w.message)\n", to: STDERR_FILENO) }
    }

    /// `axon: warning: …` on stderr.
    static func warning(_ message: String) {
        write("axon: warning: \(message)\n", to: STDERR_FILENO)
    }

    /// What a new session has to say before its first request: the offline-model banner, then each boot
    /// problem (a knowledge file that could not be read) as a warning.
    static func started(_ session: Session) {
        if let banner = session.model.banner { note(banner) }
        for notice in session.notices { warning(notice) }
    }

    /// A notice on stderr (banners, progress); never mixed into stdout, which may be JSON.
    static func note(_ message: String) {
        write(message + "\n", to: STDERR_FILENO)
    }

    /// A JSON value on stdout, one line.
    static func json(_ value: JSONValue) {
        out(value.serialized() + "\n")
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
}
