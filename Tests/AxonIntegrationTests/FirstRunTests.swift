import AxonCore
import AxonTesting
import Foundation
import Testing

/// What a new user hits in the first ten minutes: unknown commands, keys that do nothing yet, the newest trace,
/// damaged traces, unreadable files, help at 80 columns. Each through the built binary.
@Suite(.serialized) struct FirstRunTests {
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
            budget: {usd: 20}
            thread: scouting
            serve: {port: 8080, min: 1}
        """

    func workspace(fleet: String = Self.fleet) throws -> TemporaryWorkspace {
        try TemporaryWorkspace(files: ["fleet.yaml": fleet, "data/replay/demo.yaml": RunCommandTests.script])
    }

    // MARK: commands

    @Test func anUnknownCommandSaysSoSuggestsTheNearestAndListsTheCommands() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        let typo = try await cli.run(["sesions"], cwd: ws.path)
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("unknown command 'sesions' (did you mean 'sessions'?)"), "\(typo.stderr)")
        for command in ["run", "validate", "sessions", "trace", "usage", "threads", "watch", "tools"] {
            #expect(typo.stderr.contains("\n  \(command) "), "lists \(command): \(typo.stderr)")
        }
        #expect(!typo.stderr.contains("Unexpected argument") && !typo.stderr.contains("USAGE: axon chat"))
        let far = try await cli.run(["frobnicate", "x"], cwd: ws.path)
        #expect(far.status == 2 && far.stderr.contains("unknown command 'frobnicate'\n"), "\(far.stderr)")
        #expect(ws.traceFiles().isEmpty, "no session was started")
    }

    @Test(arguments: ["deploy"])
    func aPlannedCommandSaysItIsNotBuiltYet(command: String) async throws {
        let ws = try workspace()
        defer { ws.remove() }
        let r = try await cli.run([command], cwd: ws.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("'axon \(command)' is not built yet"), "\(r.stderr)")
        #expect(r.stderr.contains("axon run -a AGENT -p PROMPT"))
        #expect(!r.stderr.contains("Unexpected argument"))
    }

    // MARK: fleet.yaml keys that nothing honours yet

    @Test func keysNotUsedYetAreWarnedAtTheirPositionWithoutChangingTheExitStatus() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        let validate = try await cli.run(["validate"], cwd: ws.path)
        #expect(validate.status == 0, "\(validate.stderr)")
        // `budget` (line 10) is the fleet's now, `serve.port` is `axon serve`'s; only `serve.min` is pending.
        #expect(validate.stdout == "fleet.yaml: ok (2 agents, 1 models, 1 warning)\n")
        #expect(
            validate.stderr == """
                fleet.yaml:12:25: warning: 'min' is accepted but not used yet by axon \(AxonVersion.current); \
                `axon up` (serving agents under the fleet) will use it

                """)
        let json = try JSONValue(parsing: try await cli.run(["validate", "--json"], cwd: ws.path).stdout)
        #expect(json["ok"]?.boolValue == true)
        #expect(json["warnings"]?.arrayValue?.map { $0["line"]?.intValue } == [12])
        // Every command that loads the fleet says it, once per key.
        let run = try await cli.run(["run", "-p", "hello"], cwd: ws.path)
        #expect(run.status == 0)
        #expect(run.stderr.components(separatedBy: "warning: 'min'").count == 2, "\(run.stderr)")
    }

    @Test func theAgentsThreadIsItsDefaultThreadAndDashTStillWins() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        #expect(try await cli.run(["run", "-a", "scout", "-p", "hello"], cwd: ws.path).status == 0)
        #expect(try await cli.run(["run", "-a", "scout", "-t", "other", "-p", "hello"], cwd: ws.path).status == 0)
        #expect(try await cli.run(["run", "-p", "hello"], cwd: ws.path).status == 0)
        let threads = try ws.traceFiles().map { file in
            try TraceLines.read(file).first { $0["type"]?.stringValue == "request.start" }?["thread"]?.stringValue
        }
        #expect(threads[0] == "scouting" && threads[1] == "other")
        #expect(threads[2]?.hasPrefix("2") == true, "an agent without `thread:` gets a thread of its own")
        let shown = try await cli.run(["threads"], cwd: ws.path)
        #expect(shown.stdout.contains("scouting"), "\(shown.stdout)")
        // Interactive and line mode start on it too.
        let line = try await cli.run(["chat", "-a", "scout"], cwd: ws.path, stdin: "/thread\n")
        #expect(line.stdout == "thread: scouting\n", "\(line.stdout)")
    }

    // MARK: traces

    @Test func traceWithoutAnIdIsTheNewestAndAnAmbiguousPrefixListsCandidatesNewestFirst() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        let none = try await cli.run(["trace"], cwd: ws.path)
        #expect(none.status == 2 && none.stderr.contains("no sessions yet"), "\(none.stderr)")
        #expect(try await cli.run(["run", "-p", "hello"], cwd: ws.path).status == 0)
        #expect(try await cli.run(["run", "-p", "second prompt"], cwd: ws.path).status == 0)
        let files = ws.traceFiles()
        let newest = URL(fileURLWithPath: files[1]).deletingPathExtension().lastPathComponent
        let oldest = URL(fileURLWithPath: files[0]).deletingPathExtension().lastPathComponent
        let latest = try await cli.run(["trace"], cwd: ws.path)
        #expect(latest.status == 0 && latest.stdout.contains("second prompt"), "\(latest.stdout)")
        #expect(try await cli.run(["trace", "last"], cwd: ws.path).stdout == latest.stdout)
        #expect(try await cli.run(["trace", newest], cwd: ws.path).stdout == latest.stdout)
        let ambiguous = try await cli.run(["trace", "2"], cwd: ws.path)
        #expect(ambiguous.status == 2)
        let n = try #require(ambiguous.stderr.range(of: newest)), o = try #require(ambiguous.stderr.range(of: oldest))
        #expect(n.lowerBound < o.lowerBound, "newest first: \(ambiguous.stderr)")
    }

    @Test func aDamagedTraceIsReportedOnceAndEverythingElseStillReports() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        #expect(try await cli.run(["run", "-p", "hello"], cwd: ws.path).status == 0)
        #expect(try await cli.run(["run", "-p", "again"], cwd: ws.path).status == 0)
        let damaged = ws.traceFiles()[0]
        var lines = try String(contentsOfFile: damaged, encoding: .utf8).components(separatedBy: "\n")
        lines[4] = "{this is not json"
        try lines.joined(separator: "\n").write(toFile: damaged, atomically: true, encoding: .utf8)
        let relative = "data/sessions/" + URL(fileURLWithPath: damaged).lastPathComponent
        // An unreadable "trace" (a directory with the name) is one more problem, not a failure.
        try FileManager.default.createDirectory(
            atPath: ws.sessionsDirectory + "/20000101T000000000Z-x-0001.jsonl", withIntermediateDirectories: true)

        let usage = try await cli.run(["usage"], cwd: ws.path)
        #expect(usage.status == 0, "\(usage.stderr)")
        #expect(usage.stderr.contains("axon: warning: \(relative):5: malformed line"), "\(usage.stderr)")
        #expect(usage.stderr.contains("20000101T000000000Z-x-0001.jsonl: is a directory; skipped"), "\(usage.stderr)")
        #expect(usage.stderr.components(separatedBy: relative).count == 2, "said once")
        #expect(usage.stdout.contains("default") && usage.stdout.contains("total"), "\(usage.stdout)")

        let sessions = try await cli.run(["sessions"], cwd: ws.path)
        #expect(sessions.status == 0, "\(sessions.stderr)")
        #expect(sessions.stderr.contains("\(relative):5: malformed line"), "\(sessions.stderr)")
        let rows = sessions.stdout.split(separator: "\n").map(String.init)
        let row = try #require(
            rows.first { $0.hasPrefix(URL(fileURLWithPath: damaged).deletingPathExtension().lastPathComponent) })
        #expect(row.hasSuffix("damaged") && row.contains("default"), "what could be read is shown: \(row)")
        #expect(rows.last?.hasSuffix("completed") == true)

        let id = URL(fileURLWithPath: damaged).deletingPathExtension().lastPathComponent
        let trace = try await cli.run(["trace", id], cwd: ws.path)
        #expect(trace.status == 1 && trace.stderr.contains(":5: malformed trace line"), "\(trace.stderr)")
    }

    // MARK: files that cannot be read

    @Test func unreadableFilesAreNamedWithTheReasonInWords() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        try FileManager.default.removeItem(atPath: ws.path + "/data/replay/demo.yaml")
        try FileManager.default.createDirectory(
            atPath: ws.path + "/data/replay/demo.yaml", withIntermediateDirectories: true)
        let replay = try await cli.run(["run", "-p", "hello"], cwd: ws.path)
        #expect(replay.status == 2)
        #expect(
            replay.stderr.contains("data/replay/demo.yaml: cannot read the replay script: is a directory"),
            "\(replay.stderr)")
        #expect(!replay.stderr.contains("NSCocoaErrorDomain") && !replay.stderr.contains("Error Domain"))

        let dir = try TemporaryWorkspace()
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.path + "/fleet.yaml", withIntermediateDirectories: true)
        for args in [["validate"], ["run", "-p", "x"]] {
            let r = try await cli.run(args, cwd: dir.path)
            #expect(
                r.status == 2 && r.stderr.contains("fleet.yaml") && r.stderr.contains(": is a directory"), "\(r.stderr)"
            )
            #expect(!r.stderr.contains("Error Domain"))
        }
    }

    @Test func aFleetFileThatIsNotReadableSaysPermissionDenied() async throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            print("skipped: needs root and setpriv to run the binary as an unprivileged user")
            return
        }
        let ws = try workspace()
        defer { ws.remove() }
        chmod(ws.path, 0o755)
        chmod(ws.path + "/fleet.yaml", 0o000)
        let r = try await cli.run(
            ["--reuid=65534", "--regid=65534", "--clear-groups", cli.binary, "validate"], cwd: ws.path,
            executable: "/usr/bin/setpriv")
        guard !r.stderr.contains("Permission denied") || r.stderr.contains("fleet.yaml") else {
            print("skipped: the binary is not reachable for uid 65534: \(r.stderr)")
            return
        }
        #expect(r.status == 2)
        #expect(r.stderr.contains("fleet.yaml:1:1: cannot read the file: permission denied"), "\(r.stderr)")
    }

    @Test func aKnowledgeFileThatCannotBeReadIsSaidOnStderrOnce() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        try ws.write("data/knowledge/good.md", "# Good\nfine\n")
        try Data([0x23, 0x20, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: ws.path + "/data/knowledge/bad.md"))
        let r = try await cli.run(["run", "-p", "hello"], cwd: ws.path)
        #expect(r.status == 0)
        #expect(
            r.stderr.components(separatedBy: "axon: warning: knowledge: 'data/knowledge/bad.md'").count == 2,
            "\(r.stderr)")
    }

    @Test func aNearMissAgentOrScriptNameGetsDidYouMean() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        try ws.write("src/scripts/review.sh", "#!/bin/sh\nexit 0\n")
        let agent = try await cli.run(["run", "-a", "scot", "-p", "hi"], cwd: ws.path)
        #expect(
            agent.status == 2 && agent.stderr.contains("unknown agent 'scot' (did you mean 'scout'?)"),
            "\(agent.stderr)")
        let script = try await cli.run(["run", "reviwe"], cwd: ws.path)
        #expect(
            script.status == 2 && script.stderr.contains("no script 'reviwe' (did you mean 'review'?)"),
            "\(script.stderr)")
    }

    // MARK: help and flags

    @Test func helpFitsEightyColumnsAndExamplesNeverWrapToTheMargin() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        let commands: [[String]] = [
            [], ["run"], ["request"], ["chat"], ["validate"], ["sessions"], ["sessions", "prune"], ["trace"],
            ["usage"], ["threads"], ["thread"], ["watch"], ["tools"], ["up"],
        ]
        for command in commands {
            let r = try await cli.run(command + ["--help"], cwd: ws.path, environment: ["COLUMNS": "80"])
            #expect(r.status == 0, "\(command)")
            let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            for line in lines {
                #expect(line.count <= 80, "\(command): \(line.count) columns: \(line)")
            }
            // An example is `  $ axon …` and its description sits on the same line: never a continuation
            // that starts at column 0.
            var inExamples = false
            for line in lines {
                if line.hasPrefix("Examples:") || line.hasPrefix("  Examples:") { inExamples = true; continue }
                if inExamples, line.isEmpty { inExamples = false }
                if inExamples { #expect(line.hasPrefix("  "), "\(command): wrapped example line: '\(line)'") }
            }
        }
        let sessions = try await cli.run(["sessions", "--help"], cwd: ws.path)
        let usage = sessions.stdout.split(separator: "\n").filter { $0.hasPrefix("USAGE:") }
        #expect(usage == ["USAGE: axon sessions [--repo <path>] [--json]"], "no required <subcommand>: \(usage)")
    }

    @Test func leaseTimeoutTakesDurationsOrSecondsAndRefusesNegativeValues() async throws {
        let ws = try workspace()
        defer { ws.remove() }
        for value in ["500ms", "2s", "1m", "0.5", "3"] {
            let r = try await cli.run(["run", "--lease-timeout", value, "-t", "t", "-p", "hello"], cwd: ws.path)
            #expect(r.status == 0, "\(value): \(r.stderr)")
        }
        let negative = try await cli.run(["run", "--lease-timeout", "-1", "-p", "hello"], cwd: ws.path)
        #expect(
            negative.status == 2 && negative.stderr.contains("--lease-timeout cannot be negative"), "\(negative.stderr)"
        )
        let word = try await cli.run(["run", "--lease-timeout", "soon", "-p", "hello"], cwd: ws.path)
        #expect(word.status == 2 && word.stderr.contains("takes a duration such as 500ms"), "\(word.stderr)")
    }
}
