import Foundation

#if os(Linux)
    import CAxonLinux
#endif

/// Starts threads whose names the kernel knows (`top -H`, /proc/PID/task/*/comm, gdb): Foundation's
/// `Thread.name` does not reach it on Linux.
public enum NamedThread {
    /// Runs `body` on a new thread named `name` (the kernel keeps 15 bytes of it).
    public static func start(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            #if os(Linux)
                _ = axon_set_thread_name(name)
            #endif
            body()
        }
        thread.start()
    }
}
