import AxonCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Each server's last tool list, on disk under `.axon/mcp/`, so a session can offer a server's tools to the
/// model without starting it (a start costs ~0.45 s and ~68 MiB; most sessions never call most servers).
///
/// One file per server, `NAME-HASH.json`, where HASH is `MCPServerConfig.configHash` (command, args, env): a
/// changed configuration misses the cache and is listed afresh; the server's own tools changing (an upgraded
/// package) is caught when it next starts, which re-lists and rewrites the file. Files are written by temp +
/// rename, so a concurrent session reads the old list or the new one, never a torn one; an unreadable or foreign
/// file is a miss, never an error. `.axon/` is runtime state (git-ignored, never watched).
struct ToolCache: Sendable {
    let directory: String

    private struct File: Codable {
        var v: Int
        var server: String
        var tools: [Entry]
    }

    private struct Entry: Codable {
        var name: String
        var description: String
        var inputSchema: JSONValue
    }

    func path(for config: MCPServerConfig) -> String {
        "\(directory)/\(config.name)-\(config.configHash).json"
    }

    /// The cached `(toolName, description, inputSchema)` list, or nil on a miss.
    func load(_ config: MCPServerConfig) -> [(name: String, description: String, inputSchema: JSONValue)]? {
        guard let data = FileManager.default.contents(atPath: path(for: config)),
            let file = try? JSONDecoder().decode(File.self, from: data), file.v == 1, file.server == config.name
        else { return nil }
        return file.tools.map { ($0.name, $0.description, $0.inputSchema) }
    }

    /// Writes the list (best effort: a read-only repo only loses the cache) and removes the server's entries
    /// for older configurations.
    func store(_ config: MCPServerConfig, tools: [(name: String, description: String, inputSchema: JSONValue)]) {
        let file = File(
            v: 1, server: config.name,
            tools: tools.map { Entry(name: $0.name, description: $0.description, inputSchema: $0.inputSchema) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(file), (try? POSIX.makeDirectories(directory)) != nil else { return }
        let target = path(for: config)
        guard (try? POSIX.replaceFile(target, with: Array(data))) != nil else { return }
        let mine = URL(fileURLWithPath: target).lastPathComponent
        for other in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        where other.hasPrefix(config.name + "-") && other.hasSuffix(".json") && other != mine
            && other.dropFirst(config.name.count + 1).count == 16 + 5
        {
            unlink("\(directory)/\(other)")
        }
    }
}
