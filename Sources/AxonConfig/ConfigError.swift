/// One problem in a configuration file, located to the character.
public struct ConfigDiagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }
    /// `fleet.yaml:3:5: unknown key 'modle' (did you mean 'model'?)`
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Why a configuration could not be loaded. Library code throws this; only the CLI prints and exits (code 2).
public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file exists but could not be read.
    case unreadable(path: String, reason: String)
    /// Every problem found, in file order.
    case invalid([ConfigDiagnostic])

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): \(reason)"
        case .invalid(let diagnostics): diagnostics.map(\.description).joined(separator: "\n")
        }
    }
}
