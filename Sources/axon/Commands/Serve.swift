import ArgumentParser
import AxonConfig
import AxonCore
import AxonRuntime
import AxonServe
import AxonTrace
import Foundation

extension Axon {
    /// `axon serve`: the long-lived HTTP session (docs/serve.md).
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve an agent over HTTP: one long-lived session, every request on a named thread.",
            discussion: """
                One session serves every request; each names a thread (POST /v1/threads/NAME/requests), which \
                resumes from data/ across restarts. Requests on different threads run at once (up to \
                --concurrency); requests on one thread wait their turn (up to --queue, then 429). \
                GET /healthz, /readyz, /v1/threads, /v1/sessions and /v1/tools tell what is there.

                Without a token, serve listens on loopback only. Set AXON_API_TOKEN (several: comma-separated) \
                or --token-file FILE (one `TOKEN [agent,agent]` per line) to require `Authorization: Bearer \
                TOKEN` and to listen elsewhere. Defaults come from the agent's `serve:` block in fleet.yaml.

                SIGTERM or Ctrl-C stops accepting, lets requests in flight finish (up to --grace), cancels the \
                rest (their traces say so) and ends the session; a second one cancels at once.

                Examples:
                  $ axon serve -a scout --port 8080
                  $ curl -s localhost:8080/v1/threads/design/requests -d '{"prompt": "hello"}'
                  $ curl -sN localhost:8080/v1/threads/design/requests -H 'Accept: text/event-stream' \\
                      -d '{"prompt": "hello"}'
                  $ AXON_API_TOKEN=s3cret axon serve --host 0.0.0.0
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Option(
            name: .shortAndLong,
            help: ArgumentHelp("The agent to serve (default: $AXON_AGENT, else the default agent).", valueName: "name"))
        var agent: String?

        @Option(name: .long, help: ArgumentHelp("Use this model from fleet.yaml's `models:`.", valueName: "key"))
        var model: String?

        @Option(name: .long, help: ArgumentHelp("The address to listen on.", valueName: "host"))
        var host = "127.0.0.1"

        @Option(
            name: .long,
            help: ArgumentHelp(
                "The TCP port (default: the agent's serve.port, else 8080; 0 picks a free one).", valueName: "port"))
        var port: Int?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "The most requests run at once, each on its own thread (default: serve.concurrency, else 16).",
                valueName: "n"))
        var concurrency: Int?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Requests that may wait for one busy thread before 429 (default: serve.queue, else 16).", valueName: "n"
            ))
        var queue: Int?

        @Option(
            name: .long, help: ArgumentHelp("A file of tokens, one `TOKEN [agent,agent]` per line.", valueName: "path"))
        var tokenFile: String?

        @Option(
            name: .long,
            help: ArgumentHelp("Cancel a request still running after this (default 10m).", valueName: "duration"))
        var requestTimeout = "10m"

        @Option(
            name: .long,
            help: ArgumentHelp(
                "On SIGTERM, how long requests in flight may finish (default 30s).", valueName: "duration"))
        var grace = "30s"

        @Option(
            name: .long, help: ArgumentHelp("Refuse request bodies larger than this many bytes.", valueName: "bytes"))
        var maxBody = 4 << 20

        func validate() throws {
            if let port, !(0...65535).contains(port) { throw ValidationError("--port must be 0…65535, got \(port)") }
            if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
            if let queue, queue < 0 { throw ValidationError("--queue cannot be negative") }
            if maxBody < 1 { throw ValidationError("--max-body must be at least 1") }
            _ = try DurationOption.parse(requestTimeout, flag: "--request-timeout")
            _ = try DurationOption.parse(grace, flag: "--grace")
        }

        mutating func run() async throws {
            let (workspace, config) = try global.load()
            let env = global.environment
            let agentName = try AgentSelection.resolve(flag: agent, environment: env, config: config)
            var options = ServeOptions(serve: config.agents[agentName]?.serve)
            options.host = host
            if let port { options.port = port }
            if let concurrency { options.concurrency = concurrency }
            if let queue { options.queue = queue }
            options.maxBodyBytes = maxBody
            options.requestTimeout = try DurationOption.parse(requestTimeout, flag: "--request-timeout")
            options.shutdownGrace = try DurationOption.parse(grace, flag: "--grace")
            do {
                options.tokens = try TokenSet.load(environment: env, file: tokenFile)
                try options.checkExposure()
            } catch {
                throw CLIFailure.usage(error.description)
            }
            let signals = Signals.watch()
            let session = try await Session.start(
                config: config, agent: agentName, shape: .serve, workspace: workspace,
                modelOverride: model ?? env["AXON_MODEL"], environment: env, hotLoad: .watch,
                concurrency: options.concurrency)
            Terminal.started(session)
            let (stop, stopSink) = AsyncStream.makeStream(of: Void.self)
            let relay = Task {
                for await _ in signals { stopSink.yield() }
            }
            defer { relay.cancel() }
            let host = options.host
            let json = output.json
            let stopped: Server.Stopped
            do {
                stopped = try await Server.run(session: session, workspace: workspace, options: options, stop: stop) {
                    port in
                    let url = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
                    if json {
                        Terminal.json([
                            "url": .string(url), "port": .int(port), "agent": .string(agentName.rawValue),
                            "session": .string(session.id.rawValue),
                        ])
                    }
                    Terminal.note("axon serve: agent \(agentName) on \(url) (session \(session.id)); Ctrl-C stops")
                }
            } catch {
                await session.end(reason: "error")
                throw CLIFailure.runtime("cannot serve on \(host):\(options.port): \(error)")
            }
            await session.end(reason: "signal")
            if stopped.cancelled > 0 {
                Terminal.note(
                    "axon serve: cancelled \(stopped.cancelled) request(s) still running after the grace period")
            }
        }
    }
}
