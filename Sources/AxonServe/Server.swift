import AxonConfig
import AxonCore
public import AxonRuntime
import Hummingbird
import Logging
import ServiceLifecycle

/// `axon serve`: one persistent session behind an HTTP API (docs/serve.md).
///
/// Every request is threaded into the one session; requests on different threads run at once up to
/// `concurrency`, one thread never runs two (they queue, then 429). The session's trace says `shape: serve`.
/// Stopping (`stop` yields): the listener closes and readiness fails at once, requests in flight get
/// `shutdownGrace` to finish, the rest are cancelled (their traces say so), and then `session.end`.
public enum Server {
    /// What a stopped server reports.
    public struct Stopped: Sendable {
        /// Requests cancelled because they were still running when the grace period ended.
        public var cancelled: Int
    }

    /// Serves `session` until `stop` yields once (a second yield cancels what runs at once).
    /// - Parameter onListening: told the bound port once the server accepts connections.
    public static func run(
        session: Session, workspace: Workspace, options: ServeOptions, stop: AsyncStream<Void>,
        onListening: @escaping @Sendable (Int) -> Void
    ) async throws -> Stopped {
        try options.checkExposure()
        let runner = RequestRunner(session: session, options: options)
        let router = Router()
        router.middlewares.add(AuthMiddleware(tokens: options.tokens, agent: session.agent.name.rawValue))
        NativeAPI(runner: runner, logs: StreamLogs(), workspace: workspace).add(to: router)
        let quiet = Logger(label: "axon-serve", factory: { _ in SwiftLogNoOpLogHandler() })
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "axon"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? options.port) },
            logger: quiet)
        let group = ServiceGroup(configuration: .init(services: [app], logger: quiet))
        return try await withThrowingTaskGroup(of: Stopped?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            tasks.addTask {
                var signals = stop.makeAsyncIterator()
                guard await signals.next() != nil else { return nil }
                // Stop accepting first; what is in flight keeps its connection until it ends.
                runner.refuseNew()
                await group.triggerGracefulShutdown()
                let forced = Task {
                    _ = await signals.next()
                    return await runner.drain(grace: .zero)
                }
                let cancelled = await runner.drain(grace: options.shutdownGrace)
                forced.cancel()
                return Stopped(cancelled: cancelled)
            }
            var stopped = Stopped(cancelled: 0)
            // The server ends once its connections have; the stopper ends once the drain has.
            while let result = try await tasks.next() {
                if let result { stopped = result }
            }
            return stopped
        }
    }
}
