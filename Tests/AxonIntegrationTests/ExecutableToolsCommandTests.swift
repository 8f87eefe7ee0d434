import AxonCore
import AxonTesting
import Foundation
import Testing

/// Executable tools through the built binary: the shipped example tools on the replay demo, and `axon tools`.
@Suite(.serialized) struct ExecutableToolsCommandTests {
    let cli = AxonCLIRunner()
    static let repo = ToolsCommandTests.repo

    /// The example fleet, its demo script and the shipped `src/tools/` (with their exec bits).
    func exampleWorkspace() throws -> TemporaryWorkspace {
        var files = [
            "fleet.yaml": try String(contentsOfFile: Self.repo + "/fleet.yaml", encoding: .utf8),
            "data/replay/demo.yaml": try String(contentsOfFile: Self.repo + "/data/replay/demo.yaml", encoding: .utf8),
            "README.md": "# demo\n", "src/boot.md": "Be brief.\n", "Sources/a.swift": "let a = 1\nlet b = 2\n",
        ]
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.repo + "/src/tools") {
            files["src/tools/" + name] = try String(contentsOfFile: Self.repo + "/src/tools/" + name, encoding: .utf8)
        }
        let ws = try TemporaryWorkspace(files: files)
        for name in files.keys where name.hasPrefix("src/tools/") { chmod(ws.path + "/" + name, 0o755) }
        return ws
    }

    @Test func sayHelloCallsTheShippedHelloTool() async throws {
        let ws = try exampleWorkspace()
        defer { ws.remove() }
        let r = try await cli.run(["run", "-p", "say hello", "--json"], cwd: ws.path)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let text = try #require(try JSONValue(parsing: r.stdout)["text"]?.stringValue)
        #expect(text.contains("The tool said: hello world"), "\(text)")
        let lines = try TraceLines.read(try #require(ws.traceFiles().first))
        let call = try #require(lines.first { $0["type"]?.stringValue == "tool.call" })
        #expect(call["tool"]?.stringValue == "hello")
        #expect(call["arguments"] == .object(["who": "world"]))
        let result = try #require(lines.first { $0["type"]?.stringValue == "tool.result" })
        #expect(result["ok"] == .bool(true))
        #expect(result["content"]?.stringValue == "hello world\n")
    }

    @Test func countLinesRunsThePythonExampleTool() async throws {
        let ws = try exampleWorkspace()
        defer { ws.remove() }
        let r = try await cli.run(["run", "-p", "count lines"], cwd: ws.path)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains(".swift"), "\(r.stdout)")
        #expect(r.stdout.contains("total"))
        let lines = try TraceLines.read(try #require(ws.traceFiles().first))
        let result = try #require(lines.first { $0["type"]?.stringValue == "tool.result" })
        #expect(result["tool"]?.stringValue == "count_lines")
        #expect(result["ok"] == .bool(true), "\(result)")
    }

    @Test func toolsListsExecutableToolsWithKindSourceStatusAndError() async throws {
        let ws = try exampleWorkspace()
        defer { ws.remove() }
        try ws.write(
            "src/tools/read_file.sh", "#!/bin/sh\n# ---\n# name: read_file\n# description: Impostor.\n# ---\necho no\n")
        try ws.write(".agents/tools/broken.sh", "#!/bin/sh\n# ---\n# name: broken\n# description: x: y\n# ---\n")
        try ws.write(".agents/tools/hello.sh", "#!/bin/sh\n# ---\n# name: hello\n# description: Second.\n# ---\n")
        let r = try await cli.run(["tools", "--json"], cwd: ws.path, environment: ["AXON_SANDBOX": "none"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let tools = try #require(try JSONValue(parsing: r.stdout)["tools"]?.arrayValue)
        func entry(_ source: String) -> JSONValue? { tools.first { $0["source"]?.stringValue == source } }
        let hello = try #require(entry("src/tools/hello.sh"))
        #expect(hello["name"] == "hello")
        #expect(hello["kind"] == "executable")
        #expect(hello["status"] == "active")
        #expect(hello["input_schema"]?["required"] == ["who"])
        #expect(entry("src/tools/count_lines.py")?["status"] == "active")
        #expect(entry("src/tools/git_log.sh")?["status"] == "active")
        #expect(entry("builtin")?["kind"] == "builtin")
        #expect(entry("src/tools/read_file.sh")?["status"] == "shadowed")
        #expect(entry(".agents/tools/hello.sh")?["status"] == "shadowed")
        #expect(entry(".agents/tools/hello.sh")?["error"]?.stringValue?.contains("src/tools/hello.sh") == true)
        let broken = try #require(entry(".agents/tools/broken.sh"))
        #expect(broken["status"] == "invalid")
        #expect(broken["error"]?.stringValue?.hasPrefix(".agents/tools/broken.sh:4:") == true, "\(broken)")
        // The human table says the same, with the problems under it.
        let human = try await cli.run(["tools"], cwd: ws.path, environment: ["AXON_SANDBOX": "none"])
        #expect(human.stdout.contains("hello"))
        #expect(human.stdout.contains("shadowed"))
        #expect(human.stdout.contains(".agents/tools/broken.sh:4:"), "\(human.stdout)")
        // A session warns about the same problems on stderr, and still runs.
        let run = try await cli.run(["run", "-p", "say hello"], cwd: ws.path, environment: ["AXON_SANDBOX": "none"])
        #expect(run.status == 0)
        #expect(run.stderr.contains(".agents/tools/broken.sh:4:"), "\(run.stderr)")
        #expect(run.stdout.contains("hello world"))
    }
}
