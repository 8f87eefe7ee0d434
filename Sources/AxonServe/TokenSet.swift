import Crypto
import Foundation

/// The bearer tokens that may call serve, each optionally limited to some agents.
///
/// Tokens come from `AXON_API_TOKEN` (one, or several separated by commas; every agent) and a token file (one
/// per line: `TOKEN` or `TOKEN agent,agent`; `#` starts a comment). Only SHA-256 digests are kept, and a
/// presented token is compared with every digest in full (no early exit), so the comparison takes the same
/// time whichever token, or how much of one, matches.
public struct TokenSet: Sendable {
    struct Entry: Sendable {
        let digest: [UInt8]
        /// nil: every agent.
        let agents: Set<String>?
    }

    var entries: [Entry] = []

    public init() {}

    /// What a request's credentials allow.
    public enum Verdict: Equatable, Sendable {
        case allowed
        case missing
        case invalid
        /// The token is good but limited to other agents.
        case forbidden(agents: [String])
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    /// Reads the tokens of `environment` (`AXON_API_TOKEN`) and of `file`, if given.
    public static func load(environment: [String: String], file: String?) throws(ServeError) -> TokenSet {
        var set = TokenSet()
        for token in (environment["AXON_API_TOKEN"] ?? "").split(separator: ",") {
            let token = token.trimmingCharacters(in: .whitespaces)
            if !token.isEmpty { set.add(token, agents: nil) }
        }
        guard let file else { return set }
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw .tokenFile(path: file, line: nil, problem: "cannot read it (\(error.localizedDescription))")
        }
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = line.split(whereSeparator: \.isWhitespace)
            switch words.count {
            case 0: continue
            case 1: set.add(String(words[0]), agents: nil)
            case 2:
                let agents = words[1].split(separator: ",").map(String.init)
                set.add(String(words[0]), agents: Set(agents))
            default:
                throw .tokenFile(
                    path: file, line: index + 1,
                    problem: "expected `TOKEN` or `TOKEN agent,agent` (found \(words.count) words)")
            }
        }
        return set
    }

    mutating func add(_ token: String, agents: Set<String>?) {
        entries.append(Entry(digest: Array(SHA256.hash(data: Data(token.utf8))), agents: agents))
    }

    /// Checks `presented` (the bearer token or API key of a request) for `agent`.
    public func check(_ presented: String?, agent: String) -> Verdict {
        guard let presented, !presented.isEmpty else { return .missing }
        let digest = Array(SHA256.hash(data: Data(presented.utf8)))
        var match: Entry?
        for entry in entries {
            var difference: UInt8 = 0
            for i in 0..<digest.count { difference |= digest[i] ^ entry.digest[i] }
            if difference == 0, match == nil { match = entry }
        }
        guard let match else { return .invalid }
        if let agents = match.agents, !agents.contains(agent) { return .forbidden(agents: agents.sorted()) }
        return .allowed
    }
}
