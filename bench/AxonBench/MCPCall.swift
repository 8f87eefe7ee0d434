import AxonCore
import AxonMCP
import Foundation

/// `axon-bench mcp-call [N] [-- COMMAND ARGS…]`: client CPU per MCP tool call through `MCPServers`, the pool a
/// session uses, against a real stdio server (default: `python3 -m mcp_server_time`, `get_current_time` UTC).
/// The server is a child process, not yet reaped while measuring, so `getrusage(RUSAGE_SELF)` counts only the
/// client. bench/mcp-call/python_client.py measures the official Python `mcp` client the same way.
enum MCPCall {
    static func main(_ args: [String]) async throws {
        let split = args.firstIndex(of: "--")
        let own = split.map { Array(args[..<$0]) } ?? args
        let command = split.map { Array(args[($0 + 1)...]) } ?? ["python3", "-m", "mcp_server_time"]
        let calls = own.first.flatMap { Int($0) } ?? 500
        let dir = NSTemporaryDirectory() + "axon-bench-mcp-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }

        let server = MCPServerConfig(name: "time", command: command[0], args: Array(command.dropFirst()))
        let pool = MCPServers(root: dir, servers: [server])
        let arguments: JSONValue = ["timezone": "UTC"]
        for _ in 0..<20 {  // warm-up: start, handshake, first calls
            let outcome = await pool.call("mcp__time__get_current_time", arguments: arguments)
            guard outcome.ok else {
                print("mcp-call: the warm-up call failed: \(outcome.content)")
                await pool.shutdown()
                return
            }
        }
        var wall: [Double] = []
        let cpuStart = cpuMilliseconds()
        for _ in 0..<calls {
            let start = ContinuousClock.now
            _ = await pool.call("mcp__time__get_current_time", arguments: arguments)
            let d = start.duration(to: .now).components
            wall.append(Double(d.seconds) * 1000 + Double(d.attoseconds) / 1e15)
        }
        let cpu = (cpuMilliseconds() - cpuStart) / Double(calls)
        await pool.shutdown()
        wall.sort()
        print(
            "mcp-call axon MCPServers: \(calls) calls, client CPU \(fmt(cpu)) ms/call; wall p50 "
                + "\(fmt(wall[wall.count / 2])) ms, p99 \(fmt(wall[wall.count * 99 / 100])) ms")
    }

    static func cpuMilliseconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000
    }

    static func fmt(_ v: Double) -> String { String((v * 1000).rounded() / 1000) }
}
