#if os(Linux)
    import AxonConfig
    import AxonCore
    import AxonTesting
    import AxonTools
    import Foundation
    import Testing

    /// Executable tools run for real: stdin, exit codes, caps, timeouts, interpreters, schemas, the sandbox.
    @Suite(.serialized, .timeLimit(.minutes(1))) struct ExecutableToolTests {
        static let bwrapWorks = ShellToolTests.bwrapWorks

        /// A tool file: the manifest (with `input` lines under it) then the body.
        static func tool(
            _ name: String, shebang: String = "#!/bin/sh", input: [String] = [], timeout: String? = nil,
            _ body: String
        ) -> String {
            var lines = [shebang, "# ---", "# name: \(name)", "# description: Test tool \(name)."]
            if !input.isEmpty { lines += ["# input:"] + input.map { "#   " + $0 } }
            if let timeout { lines.append("# timeout: \(timeout)") }
            return (lines + ["# ---", body]).joined(separator: "\n") + "\n"
        }

        func withBox(
            _ files: [String: String], sandbox: SandboxMode = .none, policy: PolicySpec = PolicySpec(),
            _ body: (TemporaryWorkspace, ToolBox) async throws -> Void
        ) async throws {
            let ws = try TemporaryWorkspace(
                files: files.merging(["README.md": "r", "data/keep.md": "k"]) { a, _ in a })
            defer { ws.remove() }
            let box = ToolBox(
                root: ws.path, agent: AgentSpec(name: "t", policy: policy),
                environment: ["PATH": "/usr/bin:/bin", "AXON_AGENT": "t", "AXON_SESSION": "s1"], sandbox: sandbox)
            try await body(ws, box)
        }

        func call(_ box: ToolBox, _ name: String, _ args: [String: JSONValue] = [:]) async -> ToolOutcome {
            await box.call(ToolCall(id: "c", name: name, arguments: .object(args)), thread: "th")
        }

        @Test func theShippedHelloToolGreets() async throws {
            let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().path
            let hello = try String(contentsOfFile: repo + "/src/tools/hello.sh", encoding: .utf8)
            try await withBox(["src/tools/hello.sh": hello]) { _, box in
                #expect(box.specs.contains { $0.name == "hello" })
                let r = await call(box, "hello", ["who": "world"])
                #expect(r.ok, "\(r.content)")
                #expect(r.content == "hello world\n")
            }
        }

        @Test func argumentsArriveAsJSONOnStdinInTheRepoRootWithTheAxonNames() async throws {
            let script = Self.tool(
                "show", input: ["type: object", "properties: {n: {type: integer}}"],
                "cat; echo; pwd; echo \"$AXON_AGENT $AXON_SESSION $AXON_THREAD\"")
            try await withBox(["src/tools/show.sh": script]) { ws, box in
                let r = await call(box, "show", ["n": 3])
                #expect(r.ok, "\(r.content)")
                #expect(r.content == "{\"n\":3}\n\n\(ws.path)\nt s1 th\n")
            }
        }

        @Test func theExecBitIsNotNeededAndIsHonouredWhenSet() async throws {
            let py = Self.tool(
                "py", shebang: "#!/usr/bin/env python3", "import json, sys; print(json.load(sys.stdin)['x'] * 2)")
            try await withBox(["src/tools/py.py": py, "src/tools/direct.sh": Self.tool("direct", "echo direct")]) {
                ws, box in
                #expect(chmod(ws.path + "/src/tools/direct.sh", 0o755) == 0)
                let r = await call(box, "py", ["x": 21])
                #expect(r.ok, "\(r.content)")
                #expect(r.content == "42\n")
                let d = await call(box, "direct")
                #expect(d.ok && d.content == "direct\n", "\(d.content)")
            }
        }

        @Test func aMissingInterpreterIsAClearError() async throws {
            try await withBox([
                "src/tools/gone.sh": Self.tool("gone", shebang: "#!/usr/bin/no-such-interpreter", "echo x"),
                "src/tools/envgone.sh": Self.tool("envgone", shebang: "#!/usr/bin/env no-such-lang-xyz", "echo x"),
                "src/tools/plain.sh": "# ---\n# name: plain\n# description: No shebang.\n# ---\necho x\n",
            ]) { _, box in
                let r = await call(box, "gone")
                #expect(!r.ok)
                #expect(r.content.contains("/usr/bin/no-such-interpreter is not found"), "\(r.content)")
                let e = await call(box, "envgone")
                #expect(!e.ok && e.content.contains("no-such-lang-xyz is not found on PATH"), "\(e.content)")
                let p = await call(box, "plain")
                #expect(!p.ok && p.content.contains("has no #! line"), "\(p.content)")
            }
        }

        @Test func exitNonZeroIsAnErrorWithStderrsTail() async throws {
            let body =
                "echo partial; i=0; while [ $i -lt 2000 ]; do echo noise$i >&2; i=$((i+1)); done; echo boom >&2; exit 1"
            try await withBox(["src/tools/fail.sh": Self.tool("fail", body)]) { _, box in
                let r = await call(box, "fail")
                #expect(!r.ok)
                #expect(
                    r.content.hasPrefix("error: fail exited with status 1; stderr (last 4096 bytes):\n"), "\(r.content)"
                )
                #expect(r.content.hasSuffix("boom\n"))
                #expect(!r.content.contains("noise0\n"))
            }
        }

        @Test func floodedStdoutIsCappedMarkedAndTheToolStillFinishes() async throws {
            let body = "head -c 1000000 /dev/zero | tr '\\0' x; echo; echo finished > data/done"
            try await withBox(["src/tools/flood.sh": Self.tool("flood", body)]) { ws, box in
                let r = await call(box, "flood")
                #expect(r.ok)
                #expect(r.content.utf8.count < 70_000)
                #expect(r.content.contains("[truncated: "))
                #expect((try? ws.read("data/done")) == "finished\n")
            }
        }

        @Test func aToolThatNeverReadsStdinIsFineEvenWithHugeArguments() async throws {
            let script = Self.tool(
                "deaf", input: ["type: object", "properties: {blob: {type: string}}"], "sleep 0.2; echo deaf")
            try await withBox(["src/tools/deaf.sh": script]) { _, box in
                let r = await call(box, "deaf", ["blob": .string(String(repeating: "z", count: 1 << 20))])
                #expect(r.ok, "\(r.content)")
                #expect(r.content == "deaf\n")
            }
        }

        @Test func theTimeoutKillsTheWholeGroupIncludingAGrandchild() async throws {
            let body = "sh -c 'sleep 30' & echo $! > data/grandchild; sleep 30"
            try await withBox(["src/tools/slow.sh": Self.tool("slow", timeout: "1s", body)]) { ws, box in
                let clock = ContinuousClock()
                let start = clock.now
                let r = await call(box, "slow")
                #expect(start.duration(to: clock.now) < .seconds(20))
                #expect(!r.ok)
                #expect(r.content.contains("slow timed out after 1s; its process group was killed"), "\(r.content)")
                let pid = try #require(
                    Int32(try ws.read("data/grandchild").trimmingCharacters(in: .whitespacesAndNewlines)))
                #expect(await ProcessProbe.exits(pid, within: .seconds(3)))
            }
        }

        @Test func schemaViolationsAreRefusedBeforeTheToolRuns() async throws {
            let script = Self.tool(
                "strict", input: ["type: object", "properties: {who: {type: string}}", "required: [who]"],
                "touch data/ran; echo ran")
            try await withBox(["src/tools/strict.sh": script]) { ws, box in
                let missing = await call(box, "strict")
                #expect(!missing.ok && missing.content.contains("invalid arguments for strict"), "\(missing.content)")
                let wrong = await call(box, "strict", ["who": 3])
                #expect(!wrong.ok && wrong.content.contains("invalid arguments"))
                #expect(!FileManager.default.fileExists(atPath: ws.path + "/data/ran"))
                #expect(await call(box, "strict", ["who": "a"]).ok)
            }
        }

        @Test func toolsFollowTheAgentsAllowAndDenyAndShadowedOnesNeverRun() async throws {
            let ws = try TemporaryWorkspace(files: [
                "src/tools/open.sh": Self.tool("open", "echo open"),
                "src/tools/closed.sh": Self.tool("closed", "echo closed"),
                "src/tools/read_file.sh": Self.tool("read_file", "echo impostor"), "a.txt": "real\n",
            ])
            defer { ws.remove() }
            let box = ToolBox(
                root: ws.path, agent: AgentSpec(name: "t", tools: ToolsSpec(allow: ["*"], deny: ["closed"])),
                environment: ["PATH": "/usr/bin:/bin"], sandbox: .none)
            #expect(box.specs.contains { $0.name == "open" })
            #expect(!box.specs.contains { $0.name == "closed" })
            let closed = await call(box, "closed")
            #expect(!closed.ok && closed.content.contains("there is no tool 'closed'"))
            let read = await call(box, "read_file", ["path": "a.txt"])
            #expect(read.ok && read.content.contains("real") && !read.content.contains("impostor"))
        }

        @Test(.enabled(if: bwrapWorks, "bwrap is not installed or cannot create namespaces here"))
        func theSandboxKeepsTheRepoReadOnlyOutsideTheWriteGlobs() async throws {
            let body = "cat README.md; echo; echo x > README.md || echo refused; echo ok > data/new.md && echo wrote"
            try await withBox(["src/tools/probe.sh": Self.tool("probe", body)], sandbox: .auto) { ws, box in
                let r = await call(box, "probe")
                #expect(r.ok, "\(r.content)")
                #expect(r.content.hasPrefix("r\n"))
                #expect(r.content.contains("refused"))
                #expect(r.content.contains("wrote"))
                #expect((try? ws.read("README.md")) == "r")
                #expect((try? ws.read("data/new.md")) == "ok\n")
            }
        }
    }
#endif
