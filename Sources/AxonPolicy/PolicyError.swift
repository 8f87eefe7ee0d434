/// Why the policy refused a path. The description is meant for the model: it says what was refused and why.
public struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The trace's `error` code for every refusal.
    public static let code = "policy_denied"

    public enum Reason: Sendable, Equatable {
        case invalidPath
        case outsideRepo
        case gitDirectory
        case denied(glob: String)
        case notReadable
        case notWritable
        case toolsDirectory
        case provenanceFile
        case shellDisabled
    }

    public var path: String
    public var reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .invalidPath: "policy_denied: '\(path)' is not a valid path"
        case .outsideRepo: "policy_denied: '\(path)' resolves outside the repository; use a path inside it"
        case .gitDirectory: "policy_denied: '\(path)' is inside .git, which tools never touch"
        case .denied(let glob): "policy_denied: '\(path)' matches the deny glob '\(glob)' of this agent's policy"
        case .notReadable: "policy_denied: '\(path)' is not covered by this agent's policy.read globs"
        case .notWritable:
            "policy_denied: '\(path)' is not covered by this agent's policy.write globs; write somewhere they allow"
        case .toolsDirectory:
            "policy_denied: '\(path)' is a tools directory and this agent's policy has create_tools: false"
        case .provenanceFile:
            "policy_denied: '\(path)' is axon's record of who wrote each tool; only axon writes it"
        case .shellDisabled: "policy_denied: run_shell is off for this agent (policy.shell: false)"
        }
    }
}
