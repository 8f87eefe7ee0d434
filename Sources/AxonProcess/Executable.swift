import Foundation

/// How a file is run: directly when the kernel can (exec bit and a `#!` line or an ELF header), else through
/// the interpreter its `#!` line names — so a tool or script written without the exec bit still runs.
public enum Executable {
    /// The argv prefix that runs `path`: `[path]` itself (exec bit and `#!` or ELF), or its `#!` interpreter
    /// followed by `path`; nil for a file the kernel cannot run and that has no `#!` line (the caller decides:
    /// scripts fall back to `/bin/sh`, tools report it).
    public static func command(for path: String) -> [String]? {
        if access(path, X_OK) == 0, isDirectlyExecutable(path) { return [path] }
        if let shebang = shebang(path) { return shebang + [path] }
        return nil
    }

    /// True for a `#!` script or an ELF binary (what the kernel runs itself).
    public static func isDirectlyExecutable(_ path: String) -> Bool {
        let head = self.head(path, bytes: 4)
        return head.starts(with: Array("#!".utf8)) || head.starts(with: [0x7F, 0x45, 0x4C, 0x46])
    }

    /// `#!/usr/bin/env python3` → `["/usr/bin/env", "python3"]`; nil without a `#!` line. Like Linux,
    /// everything after the interpreter is one argument.
    public static func shebang(_ path: String) -> [String]? {
        let head = self.head(path, bytes: 256)
        guard head.starts(with: Array("#!".utf8)) else { return nil }
        let line = String(decoding: head.dropFirst(2).prefix { $0 != 0x0A }, as: UTF8.self)
        let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
        guard let interpreter = parts.first else { return nil }
        let rest = parts.dropFirst().joined(separator: " ")
        return rest.isEmpty ? [interpreter] : [interpreter, rest]
    }

    /// Why the interpreter `command` starts with cannot run, or nil when it can: an absolute interpreter must
    /// be executable, and `/usr/bin/env NAME` must find NAME on `searchPath` (the child's `PATH`).
    public static func missingInterpreter(_ command: [String], searchPath: String) -> String? {
        guard let first = command.first else { return "no command" }
        guard access(first, X_OK) == 0 else { return "\(first) is not found or not executable" }
        if first.hasSuffix("/env"), command.count > 2 {
            let program = command[1].split(separator: " ").first.map(String.init) ?? command[1]
            guard !program.hasPrefix("-") else { return nil }
            if find(program, searchPath: searchPath) == nil { return "\(program) is not found on PATH (\(searchPath))" }
        }
        return nil
    }

    /// The first executable `program` on the colon-separated `searchPath`.
    public static func find(_ program: String, searchPath: String) -> String? {
        if program.contains("/") { return access(program, X_OK) == 0 ? program : nil }
        return searchPath.split(separator: ":").map { "\($0)/\(program)" }.first { access($0, X_OK) == 0 }
    }

    private static func head(_ path: String, bytes: Int) -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else { return Data() }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: bytes)) ?? Data()
    }
}
