#if os(Linux)
    import AxonConfig
    import AxonCore
    import AxonModels
    import AxonTesting
    import AxonTools
    import Foundation
    import Testing

    /// run_shell for real: process groups, timeouts, caps, the bwrap sandbox and its fallback.
    @Suite(.serialized, .timeLimit(.minutes(1))) struct ShellToolTests {
        /// Whether bwrap runs here with the mounts the sandbox uses; the sandbox tests are skipped (with this
        /// reason in the test output) when it does not.
        static let bwrapWorks: Bool = {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = [
                "-c",
                "bwrap --ro-bind / / --dev /dev --proc /proc --tmpfs /tmp --unshare-net --unshare-pid --die-with-parent /bin/true",
            ]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            guard (try? p.run()) != nil else { return false }
            p.waitUntilExit()
            return p.terminationStatus == 0
        }()

        func withBox(
            _ policy: PolicySpec = PolicySpec(shell: true), sandbox: SandboxMode = .none,
            environment: [String: String] = ["PATH": "/usr/bin:/bin"],
            _ body: (TemporaryWorkspace, ToolBox, Notices) async throws -> Void
        ) async throws {
            let ws = try TemporaryWorkspace(files: ["data/keep.md": "k", "README.md": "r"])
            defer { ws.remove() }
            let notices = Notices()
            let box = ToolBox(
                root: ws.path, agent: AgentSpec(name: "t", policy: policy), environment: environment,
                sandbox: sandbox, warn: { notices.add($0) })
            try await body(ws, box, notices)
        }

        func shell(_ box: ToolBox, _ command: String, timeout: Int? = nil) async -> ToolOutcome {
            var args: [String: JSONValue] = ["command": .string(command)]
            if let timeout { args["timeout"] = .int(timeout) }
            return await box.call(ToolCall(id: "s", name: "run_shell", arguments: .object(args)), thread: "th")
        }

        @Test func runsInTheRepoWithTheThreadInTheEnvironment() async throws {
            try await withBox { ws, box, _ in
                let r = await shell(box, "pwd; echo $AXON_THREAD; echo oops >&2")
                #expect(r.ok)
                #expect(r.content.contains(ws.path))
                #expect(r.content.contains("\nth\n"))
                #expect(r.content.contains("oops"))
            }
        }

        @Test func failureIsAnErrorWithTheExitCode() async throws {
            try await withBox { _, box, _ in
                let r = await shell(box, "echo bad; exit 3")
                #expect(!r.ok)
                #expect(r.content.contains("[exit 3;"))
                #expect(r.content.contains("bad"))
            }
        }

        @Test func timeoutKillsTheWholeGroup() async throws {
            try await withBox { ws, box, _ in
                let clock = ContinuousClock()
                let start = clock.now
                let r = await shell(box, "(sleep 30; touch \(ws.path)/late) & sleep 30", timeout: 1)
                #expect(start.duration(to: clock.now) < .seconds(20))
                #expect(!r.ok && r.content.contains("timed out after 1s"))
                try await Task.sleep(for: .milliseconds(200))
                #expect(!FileManager.default.fileExists(atPath: ws.path + "/late"))
            }
        }

        @Test func aProcessThatLeftTheGroupCannotHoldTheCallPastTheTimeout() async throws {
            try await withBox { _, box, _ in
                let clock = ContinuousClock()
                let start = clock.now
                let r = await shell(box, "setsid sleep 30 & sleep 30", timeout: 1)
                #expect(start.duration(to: clock.now) < .seconds(20))
                #expect(!r.ok && r.content.contains("timed out after 1s"))
            }
        }

        @Test func outputIsCappedWhileDrained() async throws {
            try await withBox { _, box, _ in
                let r = await shell(box, "head -c 300000 /dev/zero | tr '\\0' x; echo; echo end")
                #expect(r.ok)
                #expect(r.content.utf8.count < 70_000)
                #expect(r.content.contains("[truncated: "))
            }
        }

        @Test func fallbackIsVisibleOncePerSession() async throws {
            try await withBox { _, box, notices in
                let first = await shell(box, "true")
                let second = await shell(box, "true")
                #expect(first.content.contains("sandbox: NONE"))
                #expect(second.content.contains("sandbox: NONE"))
                #expect(notices.all.count == 1)
                #expect(notices.all.first?.contains("not sandboxed") == true)
            }
        }

        @Test(.enabled(if: bwrapWorks, "bwrap is not installed or cannot create namespaces here"))
        func sandboxKeepsWritesToThePolicy() async throws {
            try await withBox(PolicySpec(shell: true), sandbox: .auto) { ws, box, _ in
                let inside = await shell(box, "echo ok > data/new.md && cat data/new.md")
                #expect(inside.ok, "\(inside.content)")
                #expect(inside.content.contains("sandbox: bwrap"))
                #expect((try? ws.read("data/new.md")) == "ok\n")
                let outside = await shell(box, "echo bad > README.md")
                #expect(!outside.ok)
                #expect((try? ws.read("README.md")) == "r")
                let git = await shell(box, "mkdir -p .git && echo x > .git/x")
                #expect(!git.ok)
                let system = await shell(box, "echo x > /etc/axon-sandbox-test")
                #expect(!system.ok)
                #expect(!FileManager.default.fileExists(atPath: "/etc/axon-sandbox-test"))
                let tmp = await shell(box, "echo x > /tmp/private && cat /tmp/private")
                #expect(tmp.ok, "a private /tmp is writable: \(tmp.content)")
            }
        }

        @Test(.enabled(if: bwrapWorks, "bwrap is not installed or cannot create namespaces here"))
        func sandboxHidesWhatDenyGlobsCover() async throws {
            let policy = PolicySpec(deny: ["data/**", "config/prod.env", "src/*.key", "**/.env"], shell: true)
            try await withBox(policy, sandbox: .auto) { ws, box, _ in
                try ws.write("src/a.key", "k")
                try ws.write("config/prod.env", "SECRET=1")
                try ws.write("deep/er/.env", "SECRET=2")
                try ws.write("src/b.txt", "b")
                try ws.write(".gitignore", ".env\n")
                let r = await shell(
                    box, "ls data | wc -l; cat config/prod.env deep/er/.env src/a.key; echo; cat src/b.txt")
                #expect(r.ok, "\(r.content)")
                #expect(r.content.contains("]\n0\n"), "data/ is an empty directory: \(r.content)")
                #expect(!r.content.contains("SECRET"), "config/prod.env is hidden: \(r.content)")
                #expect(!r.content.contains("\nk"), "src/a.key is hidden: \(r.content)")
                #expect(r.content.hasSuffix("\nb"), "the rest of src is not: \(r.content)")
            }
        }

        @Test func cancellationKillsTheCommand() async throws {
            try await withBox { ws, box, _ in
                let clock = ContinuousClock()
                let start = clock.now
                let task = Task { await shell(box, "sleep 20; touch \(ws.path)/late", timeout: 60) }
                try await Task.sleep(for: .milliseconds(300))
                task.cancel()
                let r = await task.value
                #expect(start.duration(to: clock.now) < .seconds(15))
                #expect(!r.ok)
                #expect(!FileManager.default.fileExists(atPath: ws.path + "/late"))
            }
        }

        @Test(.enabled(if: bwrapWorks, "bwrap is not installed or cannot create namespaces here"))
        func sandboxHasNoNetworkUnlessThePolicySaysSo() async throws {
            // /proc/net/dev lists the interfaces of the reader's network namespace: only `lo` without network.
            let probe = "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\\n' ' '"
            try await withBox(PolicySpec(shell: true), sandbox: .auto) { _, box, _ in
                let r = await shell(box, probe)
                #expect(r.content.contains("no network"))
                #expect(r.content.hasSuffix("\nlo "), "\(r.content)")
            }
            try await withBox(PolicySpec(shell: true, network: true), sandbox: .auto) { _, box, _ in
                let r = await shell(box, probe)
                #expect(!r.content.contains("no network"))
                #expect(!r.content.hasSuffix("\nlo "), "\(r.content)")
            }
        }
    }

    final class Notices: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }
#endif
