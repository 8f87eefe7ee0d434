import AxonCore
import AxonTesting
import Foundation
import Testing

@Suite(.serialized) struct ExitCodeTests {
    let cli = AxonCLIRunner()

    @Test(arguments: [
        (["run"], "give a prompt with -p PROMPT, or a script NAME"),
        (["run", "-p", "x", "-a", "ghost"], "unknown agent 'ghost'"),
        (["run", "-p", "x", "--model", "nope"], "unknown model 'nope'"),
        (["run", "-p", ""], "the prompt is empty"),
        (["no-such-command"], "unknown command 'no-such-command'"),
        (["sessions", "prune", "--before", "last-week"], "--before expects YYYY-MM-DD"),
        (["run", "--repo", "/no/such/dir", "-p", "x"], "no such repo directory"),
    ])
    func usageErrorsExitTwo(arguments: [String], message: String) async throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let r = try await cli.run(arguments, cwd: ws.path)
        #expect(r.status == 2, "stderr: \(r.stderr)")
        #expect(r.stderr.contains(message), "stderr: \(r.stderr)")
    }

    @Test func invalidFleetExitsTwoWithFileLineColumn() async throws {
        let ws = try TemporaryWorkspace(files: ["fleet.yaml": "version: 1\nagents:\n  a:\n    modle: x\n"])
        defer { ws.remove() }
        for args in [["validate"], ["run", "-p", "x"]] {
            let r = try await cli.run(args, cwd: ws.path)
            #expect(r.status == 2)
            #expect(r.stderr.contains("fleet.yaml:4:5: "), "stderr: \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        #expect(ws.traceFiles().isEmpty, "a config error starts no session")
    }

    @Test func aMissingAPIKeyIsAConfigurationErrorBeforeAnySession() async throws {
        let fleet = """
            models:
              gpt: {provider: openai, model: gpt-4.1-mini}
            agents:
              a: {model: gpt}
            """
        let ws = try TemporaryWorkspace(files: ["fleet.yaml": fleet])
        defer { ws.remove() }
        let r = try await cli.run(["run", "-p", "x"], cwd: ws.path)
        #expect(r.status == 2, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("openai model 'gpt-4.1-mini' needs an API key: set OPENAI_API_KEY"))
        #expect(ws.traceFiles().isEmpty)
    }

    @Test func helpAndVersionExitZero() async throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let help = try await cli.run(["--help"], cwd: ws.path)
        #expect(help.status == 0)
        #expect(help.stdout.contains("Exit codes: 0 ok, 1 request or runtime failure, 2 usage or configuration error"))
        let runHelp = try await cli.run(["run", "--help"], cwd: ws.path)
        #expect(runHelp.status == 0)
        #expect(runHelp.stdout.contains("$ axon run -p \"Summarise README.md\""))
        let version = try await cli.run(["--version"], cwd: ws.path)
        #expect(version.stdout == AxonVersion.current + "\n")
    }

    @Test func aClosedStdoutDoesNotKillTheProcessWithSIGPIPE() async throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        // `axon … | head -c1`: the reader goes away early; axon must still finish and trace the session.
        let command =
            "'\(cli.binary)' run -p 'a long prompt to echo back' | head -c 1 >/dev/null; exit ${PIPESTATUS:-0}"
        let shell = try await cli.run(["-c", command], cwd: ws.path, executable: "/bin/sh")
        #expect(shell.status == 0, "\(shell.stderr)")
        let lines = try TraceLines.read(try #require(ws.traceFiles().first))
        #expect(TraceLines.types(lines).last == "session.end")
    }
}
