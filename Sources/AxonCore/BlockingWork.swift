import Foundation

/// Runs blocking work — file I/O over many files, a directory walk, a rebuild of the tool catalog — on a
/// thread of its own, so it never holds one of the cooperative pool's threads (two on a two-core machine).
public enum BlockingWork {
    /// `work`'s result, computed on a new thread named `name` (the kernel keeps 15 bytes).
    public static func run<T: Sendable>(name: String, _ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            NamedThread.start(name) { continuation.resume(returning: work()) }
        }
    }
}
