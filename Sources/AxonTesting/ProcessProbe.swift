import Foundation

/// Whether a process is gone: what "killed" means for a process the test cannot reap itself.
public enum ProcessProbe {
    /// True once `pid` no longer runs (absent, or a zombie waiting for its parent) within `limit`.
    public static func exits(_ pid: Int32, within limit: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while clock.now < deadline {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
            // The state follows the command name in parentheses (which may itself contain spaces).
            if let close = stat.lastIndex(of: ")") {
                let state = stat[stat.index(close, offsetBy: 2)...].first
                if state == "Z" || state == "X" { return true }
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}

/// Whether `python3` can import modules: real-server MCP tests run only where CI's pip packages are installed.
public enum PythonProbe {
    /// True when `python3 -c "import MODULES"` succeeds (every name importable).
    public static func canImport(_ modules: String...) -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import " + modules.joined(separator: ", ")]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }
}
