#if os(Linux)
    import AxonCore
    import AxonTesting
    import Foundation
    import Testing

    /// `axon run NAME` and `axon request`, through the built binary.
    @Suite(.serialized, .timeLimit(.minutes(2))) struct ScriptSessionTests {
        let cli = AxonCLIRunner()

        static let fleet = """
            version: 1
            models:
              offline: {provider: replay, script: data/replay/demo.yaml}
            defaults:
              model: offline
            agents:
              default:
                instructions: "Be brief."
              scout:
                instructions: "Map the code."
            """
        static let replay = """
            rules:
              - match: slow
                turns:
                  - text: "one two three four five six seven eight nine ten eleven twelve thirteen fourteen a b c d e f"
                    delay_ms: 200
              - match: hello
                turns:
                  - text: "Hello from the script."
            default:
              - text: "echo {{prompt}}"
            """

        func workspace(_ scripts: [String: String]) throws -> TemporaryWorkspace {
            var files = ["fleet.yaml": Self.fleet, "data/replay/demo.yaml": Self.replay]
            for (name, body) in scripts { files["src/scripts/" + name] = body }
            return try TemporaryWorkspace(files: files)
        }

        /// `axon` on PATH for the scripts, as a user would have it.
        var env: [String: String] {
            let dir = URL(fileURLWithPath: cli.binary).deletingLastPathComponent().path
            return ["PATH": dir + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]
        }

        @Test func severalRequestsMakeOneScriptSessionAndTheExitCodePassesThrough() async throws {
            let ws = try workspace([
                "two.sh": """
                #!/bin/sh
                axon request "hello there" || exit 9
                axon request -t notes --json "second one" || exit 9
                echo "from stdin" | axon request || exit 9
                exit 3
                """
            ])
            defer { ws.remove() }
            let r = try await cli.run(["run", "two"], cwd: ws.path, environment: env)
            #expect(r.status == 3, "stderr: \(r.stderr)")
            #expect(r.stdout.hasPrefix("Hello from the script.\n"))
            #expect(r.stdout.contains(#""status":"ok""#) && r.stdout.contains(#""thread":"notes""#))
            #expect(r.stdout.hasSuffix("echo from stdin\n"))
            let files = ws.traceFiles()
            #expect(files.count == 1, "one session for the whole script")
            let lines = try TraceLines.read(try #require(files.first))
            #expect(lines.first?["shape"]?.stringValue == "script")
            #expect(TraceLines.types(lines).filter { $0 == "request.start" }.count == 3)
            #expect(lines.last?["type"]?.stringValue == "session.end")
            #expect(lines.last?["requests"]?.intValue == 3)
        }

        @Test func argumentsPassThroughVerbatimAndTheEnvironmentNamesTheSession() async throws {
            let ws = try workspace([
                "args.sh": """
                #!/bin/sh
                for a in "$@"; do printf '[%s]\\n' "$a"; done
                [ -S "$AXON_SOCKET" ] && echo "socket ok"
                echo "agent=$AXON_AGENT session=${AXON_SESSION:+set} cwd=$(pwd -P)"
                """
            ])
            defer { ws.remove() }
            let r = try await cli.run(
                ["run", "-a", "scout", "args", "a b", "--json", "-x", "-p", "--", "c"], cwd: ws.path, environment: env)
            #expect(r.status == 0, "stderr: \(r.stderr)")
            let real = URL(fileURLWithPath: ws.path).resolvingSymlinksInPath().path
            #expect(
                r.stdout == """
                    [a b]
                    [--json]
                    [-x]
                    [-p]
                    [--]
                    [c]
                    socket ok
                    agent=scout session=set cwd=\(real)

                    """)
        }

        @Test func aScriptWithoutShebangOrExecBitRunsWithSh() async throws {
            let ws = try workspace(["plain": "echo plain $1\n"])
            defer { ws.remove() }
            let r = try await cli.run(["run", "plain", "ok"], cwd: ws.path, environment: env)
            #expect(r.status == 0, "stderr: \(r.stderr)")
            #expect(r.stdout == "plain ok\n")
        }

        @Test func backgroundChildrenDoNotKeepTheSessionAlive() async throws {
            let ws = try workspace(["bg.sh": "#!/bin/sh\nsleep 20 &\necho started\n"])
            defer { ws.remove() }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: cli.binary)
            process.arguments = ["run", "bg"]
            process.currentDirectoryURL = URL(fileURLWithPath: ws.path)
            // The background sleep inherits this stdout: axon must not wait for it to close.
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            let started = ContinuousClock.now
            try process.run()
            try await waitForTrace(ws, containing: "session.end")
            #expect(ContinuousClock.now - started < .seconds(10))
            let lines = try TraceLines.read(try #require(ws.traceFiles().first))
            #expect(lines.last?["reason"]?.stringValue == "completed")
            // axon itself is gone (or a zombie its parent has not reaped): no longer in state R/S.
            let deadline = ContinuousClock.now + .seconds(5)
            var state = ""
            repeat {
                state = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)) ?? ""
                if state.isEmpty || state.contains(") Z ") { break }
                try await Task.sleep(for: .milliseconds(20))
            } while ContinuousClock.now < deadline
            #expect(state.isEmpty || state.contains(") Z "), "axon still running: \(state)")
        }

        @Test func agentsScriptsAreTheFallbackAndSrcScriptsWin() async throws {
            let ws = try workspace(["both.sh": "echo src\n"])
            defer { ws.remove() }
            try ws.write(".agents/scripts/both.sh", "echo agents\n")
            try ws.write(".agents/scripts/shared.sh", "echo shared\n")
            #expect(try await cli.run(["run", "both"], cwd: ws.path, environment: env).stdout == "src\n")
            #expect(try await cli.run(["run", "shared"], cwd: ws.path, environment: env).stdout == "shared\n")
        }

        @Test func aDeepRepoGetsItsSocketUnderTmp() async throws {
            let ws = try workspace([:])
            defer { ws.remove() }
            let deep = ws.path + "/" + String(repeating: "nested-directory/", count: 6) + "repo"
            try FileManager.default.createDirectory(atPath: deep + "/src/scripts", withIntermediateDirectories: true)
            try Data("echo \"$AXON_SOCKET\"\naxon request hello\n".utf8).write(
                to: URL(fileURLWithPath: deep + "/src/scripts/where.sh"))
            try Data(Self.fleet.utf8).write(to: URL(fileURLWithPath: deep + "/fleet.yaml"))
            try FileManager.default.createDirectory(atPath: deep + "/data/replay", withIntermediateDirectories: true)
            try Data(Self.replay.utf8).write(to: URL(fileURLWithPath: deep + "/data/replay/demo.yaml"))
            let r = try await cli.run(["run", "where"], cwd: deep, environment: env)
            #expect(r.status == 0, "stderr: \(r.stderr)")
            let socket = r.stdout.split(separator: "\n").first.map(String.init) ?? ""
            #expect(socket.hasPrefix("/tmp/axon-\(getuid())/"), "\(socket)")
            #expect(socket.utf8.count <= 107)
            #expect(r.stdout.hasSuffix("Hello from the script.\n"))
            #expect(!FileManager.default.fileExists(atPath: socket), "unlinked when the session ends")
        }

        @Test func aScriptIgnoringSigtermIsKilledAfterTheGracePeriod() async throws {
            let ws = try workspace(["stubborn.sh": "#!/bin/sh\ntrap '' TERM\nwhile :; do sleep 0.1; done\n"])
            defer { ws.remove() }
            let r = try await interrupt(cli, ["run", "stubborn"], in: ws, with: SIGTERM, settle: 300_000)
            #expect(r.status == 143)
            let lines = r.lines
            #expect(lines.last?["reason"]?.stringValue == "signal")
        }

        @Test func unknownAndAmbiguousScriptsAreUsageErrors() async throws {
            let ws = try workspace(["x.sh": "echo", "x.py": "print()", "other.sh": "echo"])
            defer { ws.remove() }
            let none = try await cli.run(["run", "nope"], cwd: ws.path, environment: env)
            #expect(none.status == 2)
            #expect(none.stderr.contains("no script 'nope'") && none.stderr.contains("available: other, x"))
            let two = try await cli.run(["run", "x"], cwd: ws.path, environment: env)
            #expect(two.status == 2)
            #expect(two.stderr.contains("src/scripts/x.py") && two.stderr.contains("src/scripts/x.sh"))
            #expect(ws.traceFiles().isEmpty, "no session for a script that does not run")
        }

        @Test func requestOutsideASessionFailsClearly() async throws {
            let ws = try workspace([:])
            defer { ws.remove() }
            let r = try await cli.run(["request", "hello"], cwd: ws.path)
            #expect(r.status == 2)
            #expect(r.stderr.contains("not inside an axon session"))
            #expect(ws.traceFiles().isEmpty, "never a silent second session")
        }

        @Test func requestNamingAnotherAgentIsAUsageError() async throws {
            let ws = try workspace(["mismatch.sh": "#!/bin/sh\naxon request -a scout hello\necho \"code=$?\"\n"])
            defer { ws.remove() }
            let r = try await cli.run(["run", "mismatch"], cwd: ws.path, environment: env)
            #expect(r.status == 0)
            #expect(r.stdout == "code=2\n")
            #expect(r.stderr.contains("this session's agent is 'default'"))
        }

        @Test func sigtermDuringARequestLeavesACompleteTrace() async throws {
            let ws = try workspace([:])
            defer { ws.remove() }
            let r = try await interrupt(cli, ["run", "-p", "a slow story"], in: ws, with: SIGTERM)
            #expect(r.status == 143)
            expectEndedBySignal(r.lines)
        }

        @Test func sigintToAScriptSessionCancelsAndEndsIt() async throws {
            let ws = try workspace(["slow.sh": "#!/bin/sh\naxon request \"slow please\"\necho after\n"])
            defer { ws.remove() }
            let r = try await interrupt(cli, ["run", "slow"], in: ws, with: SIGINT, environment: env)
            #expect(r.status == 130)
            let lines = r.lines
            let ends = lines.filter { $0["type"]?.stringValue == "request.end" }
            #expect(ends.map { $0["status"]?.stringValue } == ["cancelled"])
            #expect(lines.last?["reason"]?.stringValue == "signal")
        }

        static let ttyDriver = #"""
            import os, pty, sys, time, select
            binary, cwd, script, wait_for, send = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].encode(), sys.argv[5].encode().decode("unicode_escape").encode()
            pid, fd = pty.fork()
            if pid == 0:
                os.chdir(cwd)
                os.execv(binary, [binary, "run", script])
            out = b""
            end = time.time() + 15
            while wait_for not in out and time.time() < end:
                r, _, _ = select.select([fd], [], [], 0.05)
                if r:
                    try:
                        out += os.read(fd, 4096)
                    except OSError:
                        break
            os.write(fd, send)
            end = time.time() + 15
            while time.time() < end:
                r, _, _ = select.select([fd], [], [], 0.05)
                if r:
                    try:
                        data = os.read(fd, 4096)
                    except OSError:
                        break
                    if not data:
                        break
                    out += data
                if os.waitpid(pid, os.WNOHANG)[0] == pid:
                    break
            sys.stdout.buffer.write(out.replace(b"\r", b""))
            """#

        /// Runs `axon run SCRIPT` on a pseudo-terminal, waits for `waitFor`, types `send`; returns the output.
        func onTerminal(_ ws: TemporaryWorkspace, script: String, waitFor: String, send: String) async throws
            -> String
        {
            try ws.write("driver.py", Self.ttyDriver)
            let driver = ["python3", ws.path + "/driver.py", cli.binary, ws.path, script, waitFor, send]
            return try await cli.run(driver, cwd: ws.path, environment: env, executable: "/usr/bin/env").stdout
        }

        @Test func onATerminalTheScriptCanReadItAndCtrlCCancelsItsRequest() async throws {
            let ws = try workspace([
                "ask.sh": "#!/bin/sh\nprintf 'name? '\nread name\necho \"got $name\"\n",
                "slow.sh": "#!/bin/sh\naxon request \"slow please\"\necho after\n",
            ])
            defer { ws.remove() }
            let asked = try await onTerminal(ws, script: "ask", waitFor: "name? ", send: "abc\\r")
            #expect(asked.contains("got abc"), "\(asked)")

            let interrupted = try await onTerminal(ws, script: "slow", waitFor: "two ", send: "\\x03")
            #expect(!interrupted.contains("after\n"), "\(interrupted)")
            let traces = ws.traceFiles()
            #expect(traces.count == 2)
            let lines = try TraceLines.read(try #require(traces.last))
            let ends = lines.filter { $0["type"]?.stringValue == "request.end" }
            #expect(ends.map { $0["status"]?.stringValue } == ["cancelled"])
            #expect(lines.last?["type"]?.stringValue == "session.end")
            #expect(lines.last?["reason"]?.stringValue == "signal")
        }

    }
#endif
