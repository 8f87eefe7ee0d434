#if os(Linux)
    import AxonConfig
    import AxonTesting
    import Foundation
    import Glibc
    import Testing

    @testable import AxonFleet

    /// Rotation by size, with a small limit: renamed between runs, copied and truncated under a live writer.
    @Suite struct LogRotationTests {
        static func append(_ path: String, _ text: String) {
            let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            _ = text.withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }

        @Test func aLogPastTheLimitIsRenamedAndOnlyKeepFilesAreKept() throws {
            let dir = try TemporaryWorkspace()
            defer { dir.remove() }
            let log = dir.path + "/a.1.log"
            let rotation = LogRotation(limit: 10, keep: 2)
            #expect(!rotation.beforeSpawn(log), "no log yet")
            Self.append(log, "short\n")
            #expect(!rotation.beforeSpawn(log), "under the limit")
            for run in 1...4 {
                Self.append(log, "run \(run) is long enough\n")
                #expect(rotation.beforeSpawn(log))
            }
            #expect(!FileManager.default.fileExists(atPath: log), "the next spawn creates it afresh")
            #expect(try dir.read("a.1.log.1") == "run 4 is long enough\n")
            #expect(try dir.read("a.1.log.2") == "run 3 is long enough\n")
            #expect(!FileManager.default.fileExists(atPath: log + ".3"))
            #expect(rotation.rotated(log) == [log + ".2", log + ".1"])
        }

        @Test func aLogWrittenWhileItRunsIsCopiedAndTruncatedAndTheWriterGoesOnAtTheStart() throws {
            let dir = try TemporaryWorkspace()
            defer { dir.remove() }
            let log = dir.path + "/b.1.log"
            // The agent's descriptor: opened O_APPEND once, kept across the rotation.
            let fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            defer { close(fd) }
            func say(_ text: String) { _ = text.withCString { write(fd, $0, strlen($0)) } }
            say("0123456789 before\n")
            #expect(LogRotation(limit: 10, keep: 3).whileRunning(log))
            say("after\n")
            #expect(try dir.read("b.1.log.1") == "0123456789 before\n")
            #expect(try dir.read("b.1.log") == "after\n", "written at the new end, not past a hole")
        }

        @Test func keepZeroCutsTheLogAndKeepsNothing() throws {
            let dir = try TemporaryWorkspace()
            defer { dir.remove() }
            let log = dir.path + "/c.1.log"
            let rotation = LogRotation(limit: 10, keep: 0)
            Self.append(log, "between runs, long enough\n")
            #expect(rotation.beforeSpawn(log))
            #expect(!FileManager.default.fileExists(atPath: log))
            Self.append(log, "while it runs, long enough\n")
            #expect(rotation.whileRunning(log))
            #expect(try dir.read("c.1.log") == "")
            #expect(!FileManager.default.fileExists(atPath: log + ".1") && rotation.rotated(log).isEmpty)
        }

        @Test func aLoweredKeepDropsTheFilesPastItAtTheNextRotation() throws {
            let dir = try TemporaryWorkspace()
            defer { dir.remove() }
            let log = dir.path + "/d.1.log"
            for n in 1...4 { Self.append("\(log).\(n)", "old \(n)\n") }
            Self.append(log, "the current one, long enough\n")
            #expect(LogRotation(limit: 10, keep: 2).beforeSpawn(log))
            #expect(try dir.read("d.1.log.1") == "the current one, long enough\n")
            #expect(try dir.read("d.1.log.2") == "old 1\n")
            #expect(
                !FileManager.default.fileExists(atPath: log + ".3")
                    && !FileManager.default.fileExists(atPath: log + ".4"))
        }

        @Test func fleetYAMLsLogsKeyMakesTheRotation() {
            #expect(LogRotation(LogsConfig(maxSize: 4096, keep: 7)) == LogRotation(limit: 4096, keep: 7))
            #expect(LogRotation.standard == LogRotation(limit: 10 << 20, keep: 3))
        }
    }
#endif
