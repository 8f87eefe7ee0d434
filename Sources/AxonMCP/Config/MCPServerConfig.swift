import AxonCore

/// One stdio MCP server a session may start: what to run, and where the entry came from.
///
/// Built only by `MCPConfiguration.load`, which has checked the name and the shape, so a value of this type is
/// always startable in principle (the command may still be missing on disk: that is a status, not a config error).
public struct MCPServerConfig: Sendable, Equatable {
    /// Where an entry was declared. fleet.yaml is the more specific file, so it wins a name clash.
    public enum Origin: String, Sendable, Equatable {
        case agentsFile = ".agents/mcp.json"
        case fleet = "fleet.yaml"
    }

    /// The server's name, `[A-Za-z][A-Za-z0-9_-]{0,63}`; tools appear as `mcp__NAME__TOOL`.
    public var name: String
    /// The executable: a name looked up on `PATH`, or a path (relative paths resolve against the repo root).
    public var command: String
    public var args: [String]
    /// Added to (and overriding) the environment the server inherits.
    public var env: [String: String]
    public var origin: Origin

    public init(
        name: String, command: String, args: [String] = [], env: [String: String] = [:], origin: Origin = .agentsFile
    ) {
        self.name = name
        self.command = command
        self.args = args
        self.env = env
        self.origin = origin
    }

    /// A stable digest of what determines the server's behaviour (command, args, env; not the origin): the key of
    /// its tool cache. Env values are hashed, never stored, because they may hold the server's own tokens.
    public var configHash: String {
        let canonical = JSONValue.object([
            "command": .string(command), "args": .array(args.map(JSONValue.string)),
            "env": .object(env.mapValues(JSONValue.string)),
        ])
        return FNV1a.hex(canonical.serialized())
    }

    /// Whether `name` is a valid server name: `[A-Za-z][A-Za-z0-9_-]{0,63}`.
    public static func isValidName(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, scalars.count <= 64, first.isASCII, first.properties.isAlphabetic else {
            return false
        }
        return scalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
        }
    }
}

/// 64-bit FNV-1a: enough to key a cache file (collisions only cost a re-list), and no crypto dependency.
enum FNV1a {
    static func hex(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
