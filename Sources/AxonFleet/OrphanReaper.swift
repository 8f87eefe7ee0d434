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
    ///
    /// Each sweep also keeps `record` (`.axon/fleet.pids`) naming every child, agents and orphans alike, so the
    /// next `axon up` can end them if this supervisor is SIGKILLed before it could.
    public final class OrphanReaper: Sendable {
        private let known = Mutex<Set<Int32>>([])
        /// Only a subreaper may reap children it did not register: in any other process (a test host) they
        /// belong to someone else, so an inactive reaper touches nothing.
        public let active: Bool
        private let record: ProcessRecord?
        /// The children as last written to `record`.
        private let recorded = Mutex<Set<ProcessRecord.Entry>>([])

        /// - Parameters:
        ///   - active: true in a subreaper whose every child is the supervisor's.
        ///   - record: where an active reaper lists its children (nil: nowhere).
        public init(active: Bool = false, record: ProcessRecord? = nil) {
            self.active = active
            self.record = active ? record : nil
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
            let (children, reaped) = known.withLock { known in
                let children = Self.children()
                var reaped: [Int32] = []
                for pid in children where !known.contains(pid) {
                    var status: Int32 = 0
                    if waitpid(pid, &status, WNOHANG) == pid { reaped.append(pid) }
                }
                return (children, reaped)
            }
            updateRecord(children: Set(children).subtracting(reaped))
            return reaped
        }

        /// Rewrites the record when the set of children changed since the last write.
        private func updateRecord(children pids: Set<Int32>) {
            guard let record else { return }
            recorded.withLock { recorded in
                var now = recorded.filter { pids.contains($0.pid) }
                let listed = Set(now.map(\.pid))
                for pid in pids where !listed.contains(pid) {
                    if let stat = ProcessRecord.stat(pid) { now.insert(.init(pid: pid, start: stat.start)) }
                }
                guard now != recorded else { return }
                record.write(now)
                recorded = now
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
        /// escaped its agent. The record is then cleared.
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
            // Only at the fleet's end: nothing it started runs any more, so nothing is left for the next start.
            record?.clear()
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
