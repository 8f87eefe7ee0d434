#if os(Linux)
    import AxonConfig
    import AxonCore
    import AxonRuntime
    import AxonTesting
    import AxonTrace
    import Foundation
    import Synchronization
    import Testing

    /// Executable tools inside a session: offered to the model, traced, and run with the session's environment.
    @Suite(.serialized, .timeLimit(.minutes(1))) struct ExecutableToolSessionTests {
        static let script = """
            rules:
              - match: env
                turns:
                  - tool_calls: [{name: env_names, arguments: {}}]
                  - text: "done"
            """

        static let envTool = """
            #!/bin/sh
            # ---
            # name: env_names
            # description: List the environment's variable names and the AXON_* values.
            # ---
            env | cut -d= -f1 | sort; echo "agent=$AXON_AGENT session=$AXON_SESSION thread=$AXON_THREAD"
            """

        @Test func secretsAreAbsentAndTheAxonNamesSet() async throws {
            let ws = try TemporaryWorkspace(files: ["script.yaml": Self.script, "src/tools/env_names.sh": Self.envTool])
            defer { ws.remove() }
            let config = FleetConfig(
                models: [
                    "offline": ModelSpec(
                        key: "offline", provider: .replay, apiKeyEnv: "MY_CREDS", script: "script.yaml")
                ],
                agents: ["default": AgentSpec(name: "default", model: "offline")], agentOrder: ["default"])
            let session = try await Session.start(
                config: config, agent: "default", shape: .oneshot, workspace: Workspace(root: ws.path),
                environment: [
                    "PATH": "/usr/bin:/bin", "MY_CREDS": "c-1", "GITHUB_TOKEN": "g-1", "DB_PASSWORD": "p-1",
                    "AWS_SECRET": "s-1", "OPENAI_API_KEY": "k-1", "AXON_API_TOKEN": "t-1", "AXON_SANDBOX": "none",
                    "HARMLESS": "h",
                ])
            let seen = Mutex<String?>(nil)
            let result = try await session.request("env please") { event in
                if case .toolResult(_, let ok, let content) = event, ok { seen.withLock { $0 = content } }
            }
            await session.end(reason: "completed")
            #expect(result.status == .ok)
            let names = try #require(seen.withLock { $0 })
            for secret in ["MY_CREDS", "GITHUB_TOKEN", "DB_PASSWORD", "AWS_SECRET", "OPENAI_API_KEY", "AXON_API_TOKEN"]
            {
                #expect(!names.contains(secret), "\(secret) leaked: \(names)")
            }
            #expect(names.contains("HARMLESS\n"))
            #expect(names.contains("agent=default session=\(session.id.rawValue) thread=\(session.id.rawValue)"))
            let lines = try TraceLines.read(try #require(ws.traceFiles().first))
            #expect(lines.contains { $0["type"]?.stringValue == "tool.call" && $0["tool"]?.stringValue == "env_names" })
            #expect(lines.contains { $0["type"]?.stringValue == "tool.result" && $0["ok"] == .bool(true) })
        }
    }
#endif
