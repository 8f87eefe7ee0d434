// swift-tools-version:6.1
import PackageDescription

// Every target opts into the same upcoming features so each `public import` is a deliberate API statement.
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "axon",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "axon", targets: ["axon"]),
        .library(name: "AxonRuntime", targets: ["AxonRuntime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", from: "0.12.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // Shared vocabulary: identifiers, usage, JSON values, timestamps. No dependencies.
        .target(name: "AxonCore", dependencies: ["CAxonLinux"], swiftSettings: settings),
        .target(
            name: "AxonConfig",
            dependencies: ["AxonCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: settings),
        .target(
            name: "AxonTrace",
            dependencies: ["AxonCore"],
            swiftSettings: settings),
        // inotify → coalesced, content-hashed snapshots (Linux specifics in +Linux files).
        .target(
            name: "AxonWatch",
            dependencies: ["AxonCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: settings),
        .target(
            name: "AxonModels",
            dependencies: ["AxonCore", "AxonConfig", .product(name: "Yams", package: "Yams")],
            swiftSettings: settings),
        // Named threads: the index under data/, resume from traces, the cross-process lease.
        .target(
            name: "AxonThreads",
            dependencies: ["AxonCore", "AxonTrace"],
            swiftSettings: settings),
        // Knowledge discovery and the boot template (Mustache) → system prompt.
        .target(
            name: "AxonKnowledge",
            dependencies: [
                "AxonCore", "AxonConfig", .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: settings),
        // HTTP model providers (OpenAI-compatible, Anthropic) over AsyncHTTPClient; NIO stays out of AxonModels.
        .target(
            name: "AxonProviders",
            dependencies: [
                "AxonCore", "AxonConfig", "AxonModels",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: settings),
        // The session control protocol over Unix-domain sockets (plain POSIX on threads of its own; no NIO).
        .target(name: "AxonControl", dependencies: ["AxonCore"], swiftSettings: settings),
        // Path confinement and gitignore-style globs for agent policies. NIO-free.
        .target(name: "AxonPolicy", dependencies: ["AxonCore", "AxonConfig"], swiftSettings: settings),
        // The one process-spawning facility: own process group, captured or inherited stdio, caps, timeouts.
        .target(name: "AxonProcess", dependencies: ["AxonCore", "CAxonLinux"], swiftSettings: settings),
        // The tool catalog (built-in and executable tools), the shell sandbox (bwrap) and argument validation.
        .target(
            name: "AxonTools",
            dependencies: [
                "AxonCore", "AxonConfig", "AxonModels", "AxonKnowledge", "AxonPolicy", "AxonProcess",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: settings),
        // MCP servers over stdio (modelcontextprotocol/swift-sdk): its own target, so the SDK stays out of every
        // module that does not talk to MCP servers.
        .target(
            name: "AxonMCP",
            dependencies: [
                "AxonCore", "AxonConfig", .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: settings),
        .target(
            name: "AxonRuntime",
            dependencies: [
                "AxonCore", "AxonConfig", "AxonTrace", "AxonModels", "AxonThreads", "AxonKnowledge", "AxonProviders",
                "AxonControl", "AxonPolicy", "AxonTools", "AxonProcess", "AxonMCP", "AxonWatch",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: settings),
        // prctl(2) and syscall(2) wrappers (variadic in C, so not callable from Swift): subreaper, parent-death
        // signal, thread names, pidfds.
        .target(name: "CAxonLinux", path: "Sources/CAxonLinux"),
        // The fleet supervisor behind `axon up`: restart policy, plans, the lock, spawning and stopping agents,
        // and the supervised agent process itself. NIO-free.
        .target(
            name: "AxonFleet",
            dependencies: [
                "AxonCore", "AxonConfig", "AxonProcess", "AxonRuntime", "AxonControl", "AxonTrace", "AxonWatch",
                "CAxonLinux",
            ],
            swiftSettings: settings),
        // `axon serve`: the HTTP API (native, OpenAI- and Anthropic-compatible) over one session, on Hummingbird.
        .target(
            name: "AxonServe",
            dependencies: [
                "AxonCore", "AxonConfig", "AxonRuntime", "AxonThreads", "AxonTrace",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: settings),
        .executableTarget(
            name: "axon",
            dependencies: [
                "AxonCore", "AxonConfig", "AxonTrace", "AxonModels", "AxonRuntime", "AxonWatch", "AxonControl",
                "AxonThreads", "AxonFleet", "AxonServe",
                "AxonTools",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "axon-bench",
            dependencies: [
                "AxonCore", "AxonConfig", "AxonTrace", "AxonWatch", "AxonThreads", "AxonModels", "AxonProviders",
                "AxonMCP", "AxonRuntime", "AxonTools", "AxonProcess",
            ],
            path: "bench/AxonBench",
            swiftSettings: settings),
        // Test support shared by every test target: workspaces, the CLI runner, trace expectations.
        .target(
            name: "AxonTesting",
            dependencies: [
                "AxonCore", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: settings),

        .testTarget(name: "AxonControlTests", dependencies: ["AxonControl", "AxonTesting"], swiftSettings: settings),
        .testTarget(name: "AxonCoreTests", dependencies: ["AxonCore", "AxonTesting"], swiftSettings: settings),
        .testTarget(
            name: "AxonConfigTests", dependencies: ["AxonConfig", "AxonTesting"],
            resources: [.copy("Fixtures")], swiftSettings: settings),
        .testTarget(
            name: "AxonTraceTests", dependencies: ["AxonTrace", "AxonTesting"],
            resources: [.copy("Golden")], swiftSettings: settings),
        .testTarget(name: "AxonWatchTests", dependencies: ["AxonWatch", "AxonTesting"], swiftSettings: settings),
        .testTarget(
            name: "AxonModelsTests", dependencies: ["AxonModels", "AxonConfig", "AxonCore", "AxonTesting"],
            swiftSettings: settings),
        .testTarget(name: "AxonThreadsTests", dependencies: ["AxonThreads", "AxonTesting"], swiftSettings: settings),
        .testTarget(
            name: "AxonKnowledgeTests", dependencies: ["AxonKnowledge", "AxonTesting"], swiftSettings: settings),
        .testTarget(name: "AxonPolicyTests", dependencies: ["AxonPolicy", "AxonTesting"], swiftSettings: settings),
        .testTarget(name: "AxonProcessTests", dependencies: ["AxonProcess", "AxonTesting"], swiftSettings: settings),
        .testTarget(
            name: "AxonToolsTests",
            dependencies: ["AxonTools", "AxonPolicy", "AxonModels", "AxonConfig", "AxonProcess", "AxonTesting"],
            swiftSettings: settings),
        .testTarget(
            name: "AxonMCPTests", dependencies: ["AxonMCP", "AxonConfig", "AxonCore", "AxonTesting"],
            resources: [.copy("Fixtures")], swiftSettings: settings),
        .testTarget(
            name: "AxonProvidersTests", dependencies: ["AxonProviders", "AxonModels", "AxonTesting"],
            swiftSettings: settings),
        .testTarget(
            name: "AxonRuntimeTests",
            dependencies: ["AxonRuntime", "AxonControl", "AxonModels", "AxonTrace", "AxonTesting", "AxonTools"],
            swiftSettings: settings),
        .testTarget(
            name: "AxonFleetTests",
            dependencies: ["AxonFleet", "AxonConfig", "AxonControl", "AxonCore", "AxonProcess", "AxonTesting", "AxonTrace"],
            swiftSettings: settings),
        .testTarget(
            name: "AxonServeTests",
            dependencies: [
                "AxonServe", "AxonRuntime", "AxonTesting", "AxonCore", "AxonConfig", "AxonTrace",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: settings),
        .testTarget(
            name: "AxonIntegrationTests",
            dependencies: ["axon", "AxonTesting", "AxonTrace", "AxonCore", "AxonThreads", "AxonControl", "AxonProcess"],
            swiftSettings: settings),
    ]
)
