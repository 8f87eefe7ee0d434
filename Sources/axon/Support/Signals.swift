import Dispatch
import Foundation

/// SIGINT and SIGTERM as an `AsyncStream`, delivered by dispatch sources (no work in a signal handler).
///
/// The default action of each signal is replaced while the stream lives, so the command decides what a signal
/// means: cancel the current step, write `request.end` (cancelled) and `session.end` (reason `signal`), then
/// exit 128+n.
enum Signals {
    /// Kept alive for the process's lifetime; `watch` is called once, from the command's `run`.
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    static func watch(_ signals: [Int32] = [SIGINT, SIGTERM]) -> AsyncStream<Int32> {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }
        return stream
    }

    /// The exit code for a process ended by `signal` (130 for SIGINT, 143 for SIGTERM).
    static func exitCode(_ signal: Int32) -> Int32 { 128 + signal }
}
