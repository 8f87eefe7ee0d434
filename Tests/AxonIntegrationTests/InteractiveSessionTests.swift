#if os(Linux)
    import AxonCore
    import AxonTesting
    import Foundation
    import Testing

    /// `axon` with no arguments: line mode (stdin not a terminal) and a real pseudo-terminal (python3's pty).
    @Suite(.serialized, .timeLimit(.minutes(2))) struct InteractiveSessionTests {
        let cli = AxonCLIRunner()

        func workspace() throws -> TemporaryWorkspace {
            try TemporaryWorkspace(files: [
                "fleet.yaml": ScriptSessionTests.fleet, "data/replay/demo.yaml": ScriptSessionTests.replay,
            ])
        }

        @Test func lineModeAnswersEachLineAndTakesCommands() async throws {
            let ws = try workspace()
            defer { ws.remove() }
            let r = try await cli.run([], cwd: ws.path, stdin: "hello\n/thread notes\nsecond\n/thread\n")
            #expect(r.status == 0, "stderr: \(r.stderr)")
            #expect(r.stdout == "Hello from the script.\nthread: notes\necho second\nthread: notes\n")
            #expect(!r.stdout.contains("\u{1B}["), "no ANSI without a terminal")
            let lines = try TraceLines.read(try #require(ws.traceFiles().first))
            #expect(lines.first?["shape"]?.stringValue == "interactive")
            let starts = lines.filter { $0["type"]?.stringValue == "request.start" }
            #expect(starts.count == 2)
            #expect(starts.last?["thread"]?.stringValue == "notes")
            #expect(lines.last?["reason"]?.stringValue == "completed")
        }

        @Test func slashToolsShowsTheSameReportAsAxonTools() async throws {
            let ws = try workspace()
            defer { ws.remove() }
            try ws.write(
                "src/tools/greet.sh", "#!/bin/sh\n# ---\n# name: greet\n# description: Say hi.\n# ---\necho hi\n")
            try ws.write("src/tools/broken.sh", "#!/bin/sh\n# ---\n# name: [\n# ---\n")
            let r = try await cli.run([], cwd: ws.path, stdin: "/tools\n")
            #expect(r.status == 0, "stderr: \(r.stderr)")
            let tools = try await cli.run(["tools"], cwd: ws.path)
            #expect(r.stdout.contains("TOOL") && r.stdout.contains("greet") && r.stdout.contains("executable"))
            let problem = "src/tools/broken.sh:4:1: in the manifest: YAML syntax error"
            #expect(r.stdout.contains("invalid") && r.stdout.contains(problem), "\(r.stdout)")
            #expect(tools.stdout.hasSuffix(r.stdout), "the same report: \(r.stdout) vs \(tools.stdout)")
        }

        static let driver = #"""
            import os, pty, sys, time, select
            binary, cwd = sys.argv[1], sys.argv[2]
            pid, fd = pty.fork()
            if pid == 0:
                os.chdir(cwd)
                os.environ["NO_COLOR"] = "1"
                os.execv(binary, [binary])
            out = b""
            mark = 0
            def until(token, timeout=15):
                global out, mark
                end = time.time() + timeout
                while time.time() < end:
                    r, _, _ = select.select([fd], [], [], 0.05)
                    if r:
                        try:
                            data = os.read(fd, 4096)
                        except OSError:
                            return
                        if not data:
                            return
                        out += data
                    if token in out[mark:]:
                        mark = out.index(token, mark) + len(token)
                        return
                print("TIMEOUT waiting for", token, file=sys.stderr)
            def send(b):
                os.write(fd, b)
            until(b"axon> ")
            send(b"helo\x1b[Dl\r"); until(b"Hello from the script.")
            until(b"axon> ")
            send(b"a slow story\r"); until(b"two ")
            send(b"\x03"); until(b"(cancelled)")
            until(b"axon> ")
            send(b"/thread notes\r"); until(b"thread: notes"); until(b"notes> ")
            send(b"\x1b[A\x01\x05\r"); until(b"thread: notes"); until(b"notes> ")
            send(b"/thread\r"); until(b"thread: notes"); until(b"notes> ")
            send(b"\x03"); until(b"/quit or Ctrl-D"); until(b"notes> ")
            send(b"/usage\r"); until(b"requests"); until(b"notes> ")
            send(b"/quit\r")
            _, status = os.waitpid(pid, 0)
            sys.stdout.buffer.write(out)
            print("\nEXIT", os.waitstatus_to_exitcode(status))
            """#

        @Test func aTerminalSessionStreamsCancelsSwitchesThreadsAndQuits() async throws {
            let ws = try workspace()
            defer { ws.remove() }
            try ws.write("driver.py", Self.driver)
            let driven = try await cli.run(
                ["python3", ws.path + "/driver.py", cli.binary, ws.path], cwd: ws.path, executable: "/usr/bin/env")
            let text = driven.stdout
            #expect(text.hasSuffix("EXIT 0\n"), "\(text)\n\(driven.stderr)")
            #expect(text.contains("Hello from the script."))
            #expect(text.contains("(cancelled)"))
            #expect(text.contains("thread: notes"))
            #expect(text.contains("/quit or Ctrl-D"))
            #expect(!text.contains("\u{1B}[1;36m") && !text.contains("\u{1B}[0m"), "NO_COLOR: no colour")
            // Everything the binary wrote to the terminal, stderr included: no loader or runtime warning (a
            // `-no-pie` link against the shared Swift runtime once printed one at the first line edit).
            #expect(!text.contains("warning:") && !text.contains("may break pointer equality"), "\(text)")
            let lines = try TraceLines.read(try #require(ws.traceFiles().first))
            #expect(lines.first?["shape"]?.stringValue == "interactive")
            let ends = lines.filter { $0["type"]?.stringValue == "request.end" }.map { $0["status"]?.stringValue }
            #expect(ends == ["ok", "cancelled"])
            #expect(lines.last?["type"]?.stringValue == "session.end")
            #expect(lines.last?["reason"]?.stringValue == "completed")
        }

        @Test func sigtermDuringALineModeRequestCancelsAndEndsTheSession() async throws {
            let ws = try workspace()
            defer { ws.remove() }
            let r = try await interrupt(cli, [], in: ws, with: SIGTERM, stdin: "a slow story\n")
            #expect(r.status == 143)
            expectEndedBySignal(r.lines)
        }

        @Test func sigtermAtTheTerminalPromptEndsTheSession() async throws {
            let ws = try workspace()
            defer { ws.remove() }
            let driver = #"""
                import os, pty, sys, time, select, signal
                binary, cwd = sys.argv[1], sys.argv[2]
                pid, fd = pty.fork()
                if pid == 0:
                    os.chdir(cwd)
                    os.execv(binary, [binary])
                out = b""
                end = time.time() + 15
                while b"axon> " not in out and time.time() < end:
                    r, _, _ = select.select([fd], [], [], 0.05)
                    if r:
                        out += os.read(fd, 4096)
                time.sleep(0.2)
                os.kill(pid, signal.SIGTERM)
                _, status = os.waitpid(pid, 0)
                print("EXIT", os.waitstatus_to_exitcode(status))
                """#
            try ws.write("driver.py", driver)
            let driven = try await cli.run(
                ["python3", ws.path + "/driver.py", cli.binary, ws.path], cwd: ws.path, executable: "/usr/bin/env")
            #expect(driven.stdout == "EXIT 143\n", "\(driven.stderr)")
            let lines = try TraceLines.read(try #require(ws.traceFiles().first))
            #expect(lines.last?["type"]?.stringValue == "session.end")
            #expect(lines.last?["reason"]?.stringValue == "signal")
        }
    }
#endif
