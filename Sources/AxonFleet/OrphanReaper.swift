#if os(Linux)
    import AxonCore
    import AxonProcess
    import Foundation
    import Glibc
    import Synchronization

    /// Reaps, and at stop kills, the processes a subreaper adopts: descendants of agents whose parent died
    /// (a script's background job, a daemon that left its process group with `setsid`).
    ///
    /// The supervisor's own agents are not touched: each is waited for by its `ChildProcess`, and a reap here
    /// would steal its exit status. Their pids are registered under the same lock a sweep holds, from the
    /// spawn until their `ChildProcess` reaped them.
    public final class OrphanReaper: Sendable {
        private let known = Mutex<Set<Int32>>([])
        /// Only a subreaper may reap children it did not register: in any other process (a test host) they
        /// belong to someone else, so an inactive reaper touches nothing.
        public let active: Bool

        /// - Parameter active: true in a subreaper whose every child is the supervisor's.
        public init(active: Bool = false) {
            self.active = active
        }

        /// Runs `spawn` with the lock held and registers the child it started.
        func registering(_ spawn: () -> Result<ChildProcess, ProcessError>) -> Result<ChildProcess, ProcessError> {
            known.withLock { known in
                let result = spawn()
                if case .success(let child) = result { known.insert(child.pid) }
                return result
            }
        }

        /// `pid` was reaped by its `ChildProcess`.
        public func forget(_ pid: Int32) {
            _ = known.withLock { $0.remove(pid) }
        }

        /// Reaps every adopted child that has exited, without blocking; returns the pids reaped.
        @discardableResult
        public func sweep() -> [Int32] {
            guard active else { return [] }
            return known.withLock { known in
                var reaped: [Int32] = []
                for pid in Self.children() where !known.contains(pid) {
                    var status: Int32 = 0
                    if waitpid(pid, &status, WNOHANG) == pid { reaped.append(pid) }
                }
                return reaped
            }
        }

        /// Adopted children still alive (not the supervisor's agents).
        public func adopted() -> [Int32] {
            guard active else { return [] }
            let known = known.withLock { $0 }
            return Self.children().filter { !known.contains($0) }
        }

        /// SIGKILLs every adopted child — its whole group when it leads one (a script whose agent was killed
        /// leads its own) — and reaps them, round after round: a killed orphan's own children are adopted in
        /// turn. Returns how many adopted processes were killed. At stop, after every agent ended: what is left
        /// escaped its agent.
        @discardableResult
        public func killAdopted(rounds: Int = 20) async -> Int {
            var killed = 0
            for _ in 0..<rounds {
                sweep()
                let orphans = adopted()
                if orphans.isEmpty { break }
                for pid in orphans {
                    // A live child of ours cannot be recycled, so its pid (and the group it leads) is still its.
                    if getpgid(pid) == pid { killpg(pid, SIGKILL) } else { kill(pid, SIGKILL) }
                }
                killed += orphans.count
                try? await Task.sleep(for: .milliseconds(20))
            }
            return killed
        }

        /// This process's children, from `/proc/self/task/*/children` (a child's parent is whichever thread
        /// forked it, or any thread once it was adopted, so every thread is read).
        static func children() -> [Int32] {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
            var pids = Set<Int32>()
            for task in tasks {
                guard let bytes = try? POSIX.readFile("/proc/self/task/\(task)/children") else { continue }
                for word in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isWhitespace) {
                    if let pid = Int32(word) { pids.insert(pid) }
                }
            }
            return pids.sorted()
        }
    }
#endif
