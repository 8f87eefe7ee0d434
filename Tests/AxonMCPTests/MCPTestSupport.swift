#if os(Linux)
    import AxonMCP
    import AxonTesting
    import Foundation
    import Glibc
    import Testing

    /// What the real-server tests share: the Python probe, the fixture server, a pool with short timeouts.
    enum MCPTestSupport {
        /// `python3` can import the official `mcp` package and `mcp-server-time` (CI installs both with pip).
        static let pythonWorks: Bool = {
            let works = PythonProbe.canImport("mcp", "mcp_server_time")
            if !works {
                print("AxonMCPTests: skipping real-server tests: python3 cannot import mcp and mcp_server_time")
            }
            return works
        }()

        static let skipReason: Comment = "python3 cannot import mcp / mcp_server_time (pip install mcp-server-time mcp)"

        /// The fixture server of this target (`Fixtures/growing_server.py`).
        static var growingServer: String {
            Bundle.module.path(forResource: "growing_server", ofType: "py", inDirectory: "Fixtures")!
        }

        /// The servers run under `nice -n 19` (which execs them: same pid, same group). A Python MCP server spends
        /// a second or more of CPU importing at start; niced, those starts do not starve the timing-sensitive
        /// tests of other suites running in parallel on two cores.
        static func growing(_ name: String = "grow", flags: [String] = [], env: [String: String] = [:])
            -> MCPServerConfig
        {
            MCPServerConfig(
                name: name, command: "nice", args: ["-n", "19", "python3", growingServer] + flags, env: env)
        }

        static let time = MCPServerConfig(
            name: "time", command: "nice", args: ["-n", "19", "python3", "-m", "mcp_server_time"])

        /// Short enough for tests, long enough for a Python server on a loaded 2-core machine.
        static let options = MCPServers.Options(
            handshakeTimeout: .seconds(40), callTimeout: .seconds(40), stopGrace: .milliseconds(500),
            backoff: RestartBackoff(initial: .milliseconds(300), maximum: .seconds(2)))

        /// True while any process of group `pgid` is alive: a `/proc` entry in the group that is not a zombie
        /// (init reaps orphaned zombies only about once a second here, so `kill(-pgid, 0)` lags).
        static func groupAlive(_ pgid: Int32) -> Bool {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return names.contains { name in
                guard Int32(name) != nil, let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                    let close = stat.lastIndex(of: ")")
                else { return false }
                let fields = stat[stat.index(after: close)...].split(separator: " ")
                return fields.count > 2 && fields[0] != "Z" && Int32(fields[2]) == pgid
            }
        }

        /// Polls `condition` every 20 ms for up to `limit`.
        static func eventually(
            within limit: Duration = .seconds(30), _ condition: @Sendable () async -> Bool
        ) async -> Bool {
            let deadline = ContinuousClock.now + limit
            while ContinuousClock.now < deadline {
                if await condition() { return true }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return await condition()
        }
    }
#endif
