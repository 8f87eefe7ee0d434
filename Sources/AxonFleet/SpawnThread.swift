#if os(Linux)
    public import AxonProcess
    import AxonCore
    import Foundation
    import Synchronization

    /// The one thread that spawns a supervisor's agents, alive as long as the supervisor.
    ///
    /// An agent's parent-death signal fires when the thread that created it exits, not the process
    /// (prctl(2)). Spawned from the cooperative pool or a short-lived thread, an agent would be told its
    /// supervisor died whenever the runtime retired that thread. From here it is told exactly once: when the
    /// supervisor process ends. Each spawn also registers its pid with the `OrphanReaper` under its lock, so a
    /// child that exits at once is never taken for an orphan and reaped behind its `ChildProcess`'s back.
    public final class SpawnThread: Sendable {
        private typealias Job = @Sendable () -> Void
        private let jobs = Mutex<[Job]>([])
        private let ready = DispatchSemaphore(value: 0)
        let reaper: OrphanReaper

        public init(reaper: OrphanReaper) {
            self.reaper = reaper
            // The thread holds the object for good: both live as long as the supervisor process.
            NamedThread.start("axon-spawn") { [self] in
                while true {
                    ready.wait()
                    let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                    job?()
                }
            }
        }

        /// Starts `spec` from the spawn thread.
        public func spawn(_ spec: ProcessSpec) async throws(ProcessError) -> ChildProcess {
            let reaper = reaper
            let result = await withCheckedContinuation {
                (continuation: CheckedContinuation<Result<ChildProcess, ProcessError>, Never>) in
                jobs.withLock { queue in
                    queue.append {
                        continuation.resume(
                            returning: reaper.registering {
                                Result { () throws(ProcessError) -> ChildProcess in try ChildProcess.spawn(spec) }
                            })
                    }
                }
                ready.signal()
            }
            return try result.get()
        }
    }
#endif
