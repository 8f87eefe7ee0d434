#if os(Linux)
    import AxonCore
    import CAxonLinux
    import Glibc

    /// The processes a supervisor answers for (its agents and the orphans it adopted), kept in
    /// `.axon/fleet.pids` so that the next `axon up` can end what a SIGKILLed supervisor left running — and only
    /// that.
    ///
    /// A pid alone is not a process: after its process exits the kernel hands the number out again. So each
    /// line pairs a pid with the process's start time (`/proc/PID/stat`, clock ticks since boot), the first line
    /// names the boot, and a process is signalled only through a pidfd opened on it and re-checked against the
    /// record, so the signal reaches that process and no later one with its number.
    ///
    /// ```
    /// boot 5f0b…-…
    /// 41234 9876543
    /// ```
    public struct ProcessRecord: Sendable {
        /// One process: its pid and when it started.
        public struct Entry: Hashable, Sendable {
            public var pid: Int32
            public var start: UInt64
        }

        public let path: String

        /// The record of the repo whose state directory is `stateDirectory` (`.axon`).
        public init(stateDirectory: String) {
            path = stateDirectory + "/fleet.pids"
        }

        /// Replaces the record with `entries` (best effort: a lost record only loses the next start's cleanup).
        public func write(_ entries: Set<Entry>) {
            let lines = ["boot \(Self.bootID)"] + entries.sorted { $0.pid < $1.pid }.map { "\($0.pid) \($0.start)" }
            try? POSIX.replaceFile(path, with: Array((lines.joined(separator: "\n") + "\n").utf8))
        }

        /// The entries recorded during this boot (none from an earlier one, a missing or a damaged file).
        public func read() -> [Entry] {
            guard let bytes = try? POSIX.readFile(path) else { return [] }
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
            guard lines.first == "boot \(Self.bootID)" else { return [] }
            return lines.dropFirst().compactMap { line in
                let words = line.split(separator: " ")
                guard words.count == 2, let pid = Int32(words[0]), pid > 1, let start = UInt64(words[1]) else {
                    return nil
                }
                return Entry(pid: pid, start: start)
            }
        }

        /// Empties the record (a supervisor that stopped cleanly left nothing running).
        public func clear() {
            unlink(path)
        }

        /// SIGKILLs every recorded process that is still the one recorded — each with its process group when it
        /// leads one (an agent's tools and scripts) — waits up to `wait` for them to go, and clears the record.
        /// - Returns: the pids signalled.
        public func killLeftovers(wait: Duration = .seconds(2)) -> [Int32] {
            var pidfds: [Int32] = []
            var killed: [Int32] = []
            for entry in read() {
                guard let leader = Self.open(entry.pid, startedAt: entry.start) else { continue }
                // While the leader lives its pid names its group, so the members found now are its own.
                let members = Self.processes { $0.group == entry.pid && $0.pid != entry.pid }.compactMap { member in
                    Self.open(member.pid).map { (fd: $0, pid: member.pid) }
                }
                for (fd, pid) in [(fd: leader, pid: entry.pid)] + members {
                    if axon_pidfd_send_signal(fd, SIGKILL) == 0 { killed.append(pid) }
                    pidfds.append(fd)
                }
            }
            Self.awaitExit(pidfds, within: wait)
            for fd in pidfds { close(fd) }
            clear()
            return killed
        }

        // MARK: /proc

        /// A pidfd on `pid` if it is alive and (when `start` is given) started then; nil otherwise. The check
        /// follows the open: from then on the descriptor names that process whatever happens to the number.
        static func open(_ pid: Int32, startedAt start: UInt64? = nil) -> Int32? {
            let fd = axon_pidfd_open(pid)
            guard fd >= 0 else { return nil }
            guard let stat = stat(pid), start == nil || stat.start == start else {
                close(fd)
                return nil
            }
            return fd
        }

        /// What `/proc/PID/stat` says of a process.
        struct Stat: Equatable {
            var pid: Int32
            var group: Int32
            var start: UInt64
        }

        /// `pid`'s process group and start time; nil when it is gone. The command name (field 2) may hold spaces
        /// and parentheses, so the fields are counted after its last `)`.
        static func stat(_ pid: Int32) -> Stat? {
            guard let bytes = try? POSIX.readFile("/proc/\(pid)/stat"),
                let close = bytes.lastIndex(of: UInt8(ascii: ")"))
            else { return nil }
            // After ")": state (3), ppid (4), pgrp (5), … starttime (22).
            let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
            guard fields.count >= 20, let group = Int32(String(decoding: fields[2], as: UTF8.self)),
                let start = UInt64(String(decoding: fields[19], as: UTF8.self))
            else { return nil }
            return Stat(pid: pid, group: group, start: start)
        }

        /// Every process whose stat matches `filter`.
        static func processes(where filter: (Stat) -> Bool) -> [Stat] {
            guard let dir = opendir("/proc") else { return [] }
            defer { closedir(dir) }
            var found: [Stat] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) {
                    String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard let pid = Int32(name), let stat = stat(pid), filter(stat) else { continue }
                found.append(stat)
            }
            return found
        }

        /// Polls the pidfds (readable once their process has exited) until all are or `limit` passes.
        static func awaitExit(_ pidfds: [Int32], within limit: Duration) {
            let deadline = ContinuousClock.now + limit
            var pending = pidfds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            while !pending.isEmpty, ContinuousClock.now < deadline {
                let left = (deadline - ContinuousClock.now).components
                let ms = Int32(max(1, left.seconds * 1000 + left.attoseconds / 1_000_000_000_000_000))
                guard poll(&pending, nfds_t(pending.count), ms) >= 0 || errno == EINTR else { return }
                pending = pending.filter { $0.revents == 0 }.map { pollfd(fd: $0.fd, events: $0.events, revents: 0) }
            }
        }

        /// This boot's id: a record from before a reboot names processes that are long gone.
        static let bootID: String = {
            let bytes = (try? POSIX.readFile("/proc/sys/kernel/random/boot_id")) ?? []
            return String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace }
        }()
    }
#endif
