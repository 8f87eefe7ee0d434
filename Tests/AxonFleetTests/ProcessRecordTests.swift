#if os(Linux)
    import AxonTesting
    import Foundation
    import Testing

    @testable import AxonFleet

    /// `.axon/fleet.pids`: what is read back, and what a damaged or an old record yields.
    @Suite struct ProcessRecordTests {
        @Test func whatIsWrittenIsReadBackAndClearRemovesIt() throws {
            let ws = try TemporaryWorkspace(files: [".axon/.keep": ""])
            defer { ws.remove() }
            let record = ProcessRecord(stateDirectory: ws.path + "/.axon")
            #expect(record.read().isEmpty)
            let entries: Set<ProcessRecord.Entry> = [.init(pid: 4242, start: 99), .init(pid: 17, start: 5)]
            record.write(entries)
            #expect(Set(record.read()) == entries)
            #expect(try ws.read(".axon/fleet.pids").hasPrefix("boot \(ProcessRecord.bootID)\n17 5\n4242 99\n"))
            record.clear()
            #expect(record.read().isEmpty)
        }

        @Test func anotherBootsRecordAndDamagedLinesNameNothing() throws {
            let ws = try TemporaryWorkspace(files: [
                ".axon/fleet.pids": "boot 00000000-0000-0000-0000-000000000000\n4242 99\n"
            ])
            defer { ws.remove() }
            let record = ProcessRecord(stateDirectory: ws.path + "/.axon")
            #expect(record.read().isEmpty, "a record from before a reboot")
            try ws.write(
                ".axon/fleet.pids", "boot \(ProcessRecord.bootID)\n4242 99\nnot a line\n1 5\n-3 4\n77\n\u{0}\n8 x\n")
            #expect(record.read() == [.init(pid: 4242, start: 99)], "init, negative pids and junk are skipped")
        }

        @Test func statReadsThisProcessAndAChildWithAStrangeCommandName() async throws {
            let me = try #require(ProcessRecord.stat(getpid()))
            #expect(me.group == getpgrp())
            #expect(me.start > 0)
            #expect(ProcessRecord.open(getpid(), startedAt: me.start + 1) == nil, "another start time: not this one")
            let fd = try #require(ProcessRecord.open(getpid(), startedAt: me.start))
            close(fd)
            // The command name (the executable's file name) with spaces and a ")" must not shift the fields.
            let ws = try TemporaryWorkspace()
            defer { ws.remove() }
            let odd = ws.path + "/a ) b"
            try FileManager.default.copyItem(atPath: "/bin/sleep", toPath: odd)
            let child = Process()
            child.executableURL = URL(fileURLWithPath: odd)
            child.arguments = ["5"]
            child.standardOutput = FileHandle.nullDevice
            child.standardError = FileHandle.nullDevice
            try child.run()
            defer { kill(child.processIdentifier, SIGKILL) }
            for _ in 0..<100 {
                let text = (try? String(contentsOfFile: "/proc/\(child.processIdentifier)/stat", encoding: .utf8)) ?? ""
                if text.contains("(a ) b)") { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            let stat = try #require(ProcessRecord.stat(child.processIdentifier))
            #expect(stat.group == getpgid(child.processIdentifier) && stat.start >= me.start, "\(stat)")
        }
    }
#endif
