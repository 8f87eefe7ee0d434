#if os(Linux)
    import Foundation

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #endif

    /// Which server process groups a session started, on disk, so the next pool in the same repo can kill the
    /// groups a SIGKILLed session left behind (servers that ignore stdin EOF would otherwise live forever).
    ///
    /// One file per running server, `.axon/mcp/run/OWNERPID-PID`, holding `boot owner ownerStart pid pidStart`:
    /// a process is identified by its pid *and* its start time (field 22 of `/proc/PID/stat`), on this boot,
    /// so a recycled pid is never taken for a server. A record is removed when its server is reaped. A record
    /// whose owner is gone names an orphan: its group is SIGKILLed if the leader is still the recorded process
    /// and still leads its group; the record is removed either way.
    struct ServerRecords: Sendable {
        let directory: String

        func add(pid: Int32) {
            guard let boot = Self.bootID, let ownerStart = Self.startTime(getpid()),
                let start = Self.startTime(pid)
            else { return }
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let line = "\(boot) \(getpid()) \(ownerStart) \(pid) \(start)\n"
            _ = FileManager.default.createFile(atPath: path(pid), contents: Data(line.utf8))
        }

        func remove(pid: Int32) { unlink(path(pid)) }

        private func path(_ pid: Int32) -> String { "\(directory)/\(getpid())-\(pid)" }

        /// Kills the groups of servers whose session is gone; returns their pids.
        @discardableResult
        func reapOrphans() -> [Int32] {
            guard let boot = Self.bootID,
                let names = try? FileManager.default.contentsOfDirectory(atPath: directory)
            else { return [] }
            var killed: [Int32] = []
            for name in names {
                let file = "\(directory)/\(name)"
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                let fields = String(decoding: data, as: UTF8.self).split(separator: " ").map {
                    $0.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                guard fields.count == 5, let owner = Int32(fields[1]), let pid = Int32(fields[3]) else {
                    unlink(file)
                    continue
                }
                guard fields[0] == boot else {
                    unlink(file)  // an earlier boot: every process it names is gone
                    continue
                }
                if Self.startTime(owner).map(String.init) == fields[2] { continue }  // its session still runs
                if Self.startTime(pid).map(String.init) == fields[4], getpgid(pid) == pid {
                    killpg(pid, SIGKILL)
                    killed.append(pid)
                }
                unlink(file)
            }
            return killed
        }

        static let bootID: String? = {
            guard let data = FileManager.default.contents(atPath: "/proc/sys/kernel/random/boot_id") else {
                return nil
            }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }()

        /// Field 22 of `/proc/PID/stat` (start time in clock ticks after boot); nil when there is no such process.
        static func startTime(_ pid: Int32) -> UInt64? {
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
            let text = String(decoding: data, as: UTF8.self)
            // The command name (field 2) is in parentheses and may hold spaces: count fields after its last ')'.
            guard let close = text.lastIndex(of: ")") else { return nil }
            let rest = text[text.index(after: close)...].split(separator: " ")
            return rest.count > 19 ? UInt64(rest[19]) : nil
        }
    }
#endif
