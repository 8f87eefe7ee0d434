// Benchmarks are subcommands of this executable, one file each; never run by the test suite.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
// Run: swift run -c release axon-bench <benchmark>

let benchmarks: [String: () async throws -> Void] = [
    "trace-append": TraceAppendBenchmark.run,
    "run-latency": { try RunLatency.main(Array(CommandLine.arguments.dropFirst(2))) },
    "watch": { try await WatchBench.main(Array(CommandLine.arguments.dropFirst(2))) },
    "thread-resume": { try await ThreadResume.main(Array(CommandLine.arguments.dropFirst(2))) },
    "model-roundtrip": { try await ModelRoundTrip.main(Array(CommandLine.arguments.dropFirst(2))) },
    "mcp-call": { try await MCPCall.main(Array(CommandLine.arguments.dropFirst(2))) },
    "hot-load": { try await HotLoadBench.main(Array(CommandLine.arguments.dropFirst(2))) },
    "fleet-fanout": { try await FleetFanout.main(Array(CommandLine.arguments.dropFirst(2))) },
]

let arguments = CommandLine.arguments
guard arguments.count > 1, let benchmark = benchmarks[arguments[1]] else {
    print("usage: axon-bench <benchmark>   (benchmarks: \(benchmarks.keys.sorted().joined(separator: ", ")))")
    exit(2)
}
try await benchmark()
