import AxonConfig
import Testing

/// `logs:` at the top of fleet.yaml: how `axon up` rotates the agents' logs.
@Suite struct LogsConfigTests {
    static func load(_ logs: String) throws(ConfigError) -> FleetConfig {
        try FleetLoader.load(yaml: "version: 1\nlogs: \(logs)\n", file: "fleet.yaml")
    }

    /// The problems of `logs: <logs>` on line 2, as `axon validate` prints them.
    static func problems(_ logs: String) -> [String] {
        do {
            _ = try load(logs)
            return []
        } catch {
            guard case .invalid(let diagnostics) = error else { return ["\(error)"] }
            return diagnostics.map(\.description)
        }
    }

    @Test func unsetIsTenMiBAndThreeFiles() throws {
        #expect(
            try FleetLoader.load(yaml: "version: 1\n", file: "fleet.yaml").logs
                == LogsConfig(maxSize: 10 << 20, keep: 3))
        #expect(try Self.load("").logs == LogsConfig())
        #expect(try Self.load("{}").logs == LogsConfig())
    }

    @Test(arguments: [
        ("{max_size: 10MiB, keep: 3}", LogsConfig(maxSize: 10 << 20, keep: 3)),
        ("{max_size: 512KiB}", LogsConfig(maxSize: 512 << 10, keep: 3)),
        ("{max_size: 1GiB, keep: 100}", LogsConfig(maxSize: 1 << 30, keep: 100)),
        ("{max_size: 4096, keep: 0}", LogsConfig(maxSize: 4096, keep: 0)),
        ("{max_size: \"8192\"}", LogsConfig(maxSize: 8192, keep: 3)),
        ("{max_size: 65536B, keep: 1}", LogsConfig(maxSize: 65536, keep: 1)),
        ("{keep: 5}", LogsConfig(maxSize: 10 << 20, keep: 5)),
    ])
    func parses(logs: String, expected: LogsConfig) throws {
        #expect(try Self.load(logs).logs == expected)
    }

    @Test func badValuesAreReportedAtTheirPosition() {
        #expect(
            Self.problems("{max_size: 10MB, keep: 101}") == [
                "fleet.yaml:2:18: logs.max_size: invalid size '10MB' (did you mean '10MiB'? units are binary); write bytes, or a number and a unit (KiB, MiB, GiB), e.g. 512KiB, 10MiB, 1GiB",
                "fleet.yaml:2:30: logs.keep: expected an integer from 0 to 100, got 101",
            ])
        #expect(
            Self.problems("{max_size: 1KiB}") == ["fleet.yaml:2:18: logs.max_size: expected a size ≥ 4KiB, got 1KiB"])
        #expect(Self.problems("{max_size: 0}") == ["fleet.yaml:2:18: logs.max_size: expected a size ≥ 4KiB, got 0"])
        #expect(
            Self.problems("{keep: -1}") == ["fleet.yaml:2:14: logs.keep: expected an integer from 0 to 100, got -1"])
        #expect(
            Self.problems("{max_size: 1.5MiB}") == [
                "fleet.yaml:2:18: logs.max_size: invalid size '1.5MiB'; write bytes, or a number and a unit (KiB, MiB, GiB), e.g. 512KiB, 10MiB, 1GiB"
            ])
        #expect(
            Self.problems("{max_size: [1]}") == [
                "fleet.yaml:2:18: logs.max_size: expected a size such as 10MiB, got a list"
            ])
        #expect(
            Self.problems("{keep: three}").first?.hasPrefix("fleet.yaml:2:14: logs.keep: expected an integer") == true)
        #expect(
            Self.problems("{max_sise: 1MiB}").first
                == "fleet.yaml:2:8: unknown key 'max_sise' in logs (did you mean 'max_size'?)")
        #expect(Self.problems("5MiB") == ["fleet.yaml:2:7: logs: expected a mapping, got a string"])
    }
}
