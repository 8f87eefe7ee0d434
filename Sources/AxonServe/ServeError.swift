/// Why `axon serve` cannot start.
public enum ServeError: Error, Equatable, CustomStringConvertible {
    /// A non-loopback host was asked for and no token is set.
    case exposedWithoutToken(host: String)
    /// The token file could not be read, or a line of it is malformed.
    case tokenFile(path: String, line: Int?, problem: String)

    public var description: String {
        switch self {
        case .exposedWithoutToken(let host):
            "refusing to listen on \(host) without a token: anyone who can reach it could run the agent. "
                + "Set AXON_API_TOKEN (or --token-file FILE, one token per line), or listen on 127.0.0.1"
        case .tokenFile(let path, let line, let problem):
            (line.map { "\(path):\($0): " } ?? "\(path): ") + problem
        }
    }
}
