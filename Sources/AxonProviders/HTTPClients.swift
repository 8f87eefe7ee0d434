import AsyncHTTPClient
import NIOCore
import Synchronization

/// The process's HTTP clients, created on first use so a replay-only run never starts an event loop.
///
/// One client per connect timeout (in practice one per process): connections are pooled and kept alive across
/// calls, which matters for TLS. The clients live as long as the process and are never shut down, as with
/// `HTTPClient.shared` (whose configuration cannot be changed, hence these).
enum HTTPClients {
    private static let clients = Mutex<[Duration: HTTPClient]>([:])

    static func client(connectTimeout: Duration) -> HTTPClient {
        clients.withLock { clients in
            if let client = clients[connectTimeout] { return client }
            var configuration = HTTPClient.Configuration()
            configuration.timeout = .init(connect: .nanoseconds(connectTimeout.nanoseconds), read: nil)
            configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            clients[connectTimeout] = client
            return client
        }
    }
}

extension Duration {
    /// Whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole + attoseconds / 1_000_000_000
    }

    /// Short human form for messages: `850ms`, `2.5s`.
    var shortDescription: String {
        let ms = nanoseconds / 1_000_000
        if ms < 1000 { return "\(ms)ms" }
        let tenths = (ms + 50) / 100
        return tenths % 10 == 0 ? "\(tenths / 10)s" : "\(tenths / 10).\(tenths % 10)s"
    }
}
