import AxonCore
import AxonTesting
import Foundation
import Testing

/// Drives the built `axon` binary: knowledge on disk reaches the trace, and the learn script works offline.
@Suite(.serialized, .timeLimit(.minutes(1))) struct KnowledgeCLITests {
    let cli = AxonCLIRunner()
    static let fleet = """
        version: 1
        models:
          offline: {provider: replay, script: data/replay/demo.yaml}
        defaults: {model: offline}
        agents:
          default: {instructions: "Help."}
        """

    /// The checkout this test was built from (Tests/AxonKnowledgeTests/ → ../..).
    static let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test func knowledgeFileReachesTheTraceAfterSessionStart() async throws {
        let content = "# Tracing\nTraces are JSONL files in data/sessions.\n"
        let ws = try TemporaryWorkspace(files: [
            "fleet.yaml": Self.fleet, "data/replay/demo.yaml": "default: [{text: ok}]\n",
            "data/knowledge/tracing.md": content,
        ])
        defer { ws.remove() }
        let r = try await cli.run(["run", "-p", "hi", "--json"], cwd: ws.path)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let lines = try TraceLines.read(try #require(ws.traceFiles().first))
        #expect(Array(TraceLines.types(lines).prefix(3)) == ["session.start", "knowledge.loaded", "request.start"])
        let loaded = lines[1]
        #expect(loaded["truncated"] == .bool(false))
        let file = try #require(loaded["files"]?.arrayValue?.first)
        #expect(file["path"]?.stringValue == "data/knowledge/tracing.md")
        #expect(file["bytes"]?.intValue == content.utf8.count)
        #expect(file["hash"]?.stringValue?.count == 64)
    }

    @Test func brokenBootTemplateIsReportedInTheTraceAndTheRequestStillRuns() async throws {
        let ws = try TemporaryWorkspace(files: [
            "fleet.yaml": Self.fleet, "data/replay/demo.yaml": "default: [{text: ok}]\n",
            "src/boot.md": "{{#knowledge}}never closed\n",
        ])
        defer { ws.remove() }
        let r = try await cli.run(["run", "-p", "hi"], cwd: ws.path)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout == "ok\n")
        let lines = try TraceLines.read(try #require(ws.traceFiles().first))
        let error = try #require(lines.first { $0["type"]?.stringValue == "error" })
        #expect(error["code"]?.stringValue == "boot_template")
        #expect(
            error["message"]?.stringValue?.hasPrefix("src/boot.md:2:1: a section is opened but never closed") == true)
    }

    @Test func learnScriptWritesAKnowledgeFileTheNextSessionLoads() async throws {
        let ws = try TemporaryWorkspace(files: [
            "fleet.yaml": Self.fleet,
            "data/replay/demo.yaml": try String(
                contentsOfFile: Self.checkout + "/data/replay/demo.yaml", encoding: .utf8),
            "src/scripts/learn.sh": try String(
                contentsOfFile: Self.checkout + "/src/scripts/learn.sh", encoding: .utf8),
        ])
        defer { ws.remove() }
        let learn = try await shell(["src/scripts/learn.sh", "Tracing & Traces"], cwd: ws.path)
        #expect(learn.status == 0, "stderr: \(learn.stderr)")
        #expect(learn.stdout == "data/knowledge/tracing-traces.md\n")
        let written = try ws.read("data/knowledge/tracing-traces.md")
        #expect(written.hasPrefix("# "))
        #expect(!written.contains("```"))
        #expect(written.hasSuffix("\n"))

        let r = try await cli.run(["run", "-p", "hi"], cwd: ws.path)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let last = try #require(ws.traceFiles().last)
        let loaded = try #require(try TraceLines.read(last).first { $0["type"]?.stringValue == "knowledge.loaded" })
        #expect(loaded["files"]?.arrayValue?.first?["path"]?.stringValue == "data/knowledge/tracing-traces.md")
    }

    @Test func learnScriptFailsClearlyWithoutABlock() async throws {
        let ws = try TemporaryWorkspace(files: [
            "fleet.yaml": Self.fleet, "data/replay/demo.yaml": "default: [{text: \"no block, sorry\"}]\n",
            "src/scripts/learn.sh": try String(
                contentsOfFile: Self.checkout + "/src/scripts/learn.sh", encoding: .utf8),
        ])
        defer { ws.remove() }
        let learn = try await shell(["src/scripts/learn.sh", "tracing"], cwd: ws.path)
        #expect(learn.status != 0)
        #expect(learn.stderr.contains("no ```knowledge block"))
        #expect(!FileManager.default.fileExists(atPath: ws.path + "/data/knowledge/tracing.md"))
        let usage = try await shell(["src/scripts/learn.sh"], cwd: ws.path)
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("usage"))
    }

    /// Runs `sh ARGS` with `AXON` pointing at the built binary.
    func shell(_ arguments: [String], cwd: String) async throws -> CLIResult {
        try await AxonCLIRunner(binary: "/bin/sh").run(arguments, cwd: cwd, environment: ["AXON": cli.binary])
    }
}
