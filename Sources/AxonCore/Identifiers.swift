/// Names and ids that cross module boundaries.
///
/// They are thin wrappers over `String` so a session id can never be passed where an agent name is expected.
/// Their raw values are what the trace, the CLI and `fleet.yaml` spell.

/// The name of an agent in `fleet.yaml` (`agents.NAME`).
public struct AgentName: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    /// The agent used when a command names none and the fleet defines none.
    public static let `default`: AgentName = "default"
}

/// The name of a conversation thread; a named thread resumes across sessions.
public struct ThreadName: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A request's id, unique within its session (`r1`, `r2`, …); `(session, request)` is unique everywhere.
public struct RequestID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The n-th request of a session (1-based).
    public init(ordinal: Int) { self.rawValue = "r\(ordinal)" }
    public var description: String { rawValue }
}

/// The one rule for names a model or a user types as identifiers — agents, tools, skills, MCP servers:
/// `[A-Za-z][A-Za-z0-9_-]{0,63}`, which every provider accepts as a function name.
public enum NameRule {
    public static let pattern = "^[A-Za-z][A-Za-z0-9_-]{0,63}$"

    public static func isValid(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, scalars.count <= 64, first.isASCIILetter else { return false }
        return scalars.dropFirst().allSatisfy { $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}

/// Which environment variable names hold secrets: withheld from tools, scripts and MCP servers and redacted from
/// traces. By convention `*_KEY`, `*_TOKEN`, `*_SECRET`, `*PASSWORD*` and `AXON_API_TOKEN`; by configuration every
/// name in `configured` (each model's `api_key_env`).
public enum SecretNames {
    public static func contains(_ name: String, configured: Set<String> = []) -> Bool {
        let upper = name.uppercased()
        return configured.contains(name) || upper == "AXON_API_TOKEN" || upper.hasSuffix("_KEY")
            || upper.hasSuffix("_TOKEN") || upper.hasSuffix("_SECRET") || upper.contains("PASSWORD")
    }
}
