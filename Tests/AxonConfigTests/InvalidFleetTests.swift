import AxonConfig
import Testing

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Every `Fixtures/invalid/NAME.yaml` must fail with exactly the lines of `NAME.expected`.
///
/// Set `AXON_UPDATE_FIXTURES=1` to (re)write the `.expected` files from the current output; review the diff.
@Suite struct InvalidFleetTests {
    @Test func fixturesExist() {
        #expect(Fixtures.invalidNames.count >= 15)
    }

    @Test(arguments: Fixtures.invalidNames)
    func invalidFleetReportsExactly(name: String) throws {
        let yaml = try Fixtures.text(Fixtures.invalidDirectory.appendingPathComponent("\(name).yaml"))
        let expectedURL = Fixtures.invalidDirectory.appendingPathComponent("\(name).expected")
        var actual: [String] = []
        do {
            _ = try FleetLoader.load(yaml: yaml, file: "fleet.yaml")
        } catch {
            if case .invalid(let diagnostics) = error { actual = diagnostics.map(\.description) }
        }
        if ProcessInfo.processInfo.environment["AXON_UPDATE_FIXTURES"] == "1" {
            try Data((actual.joined(separator: "\n") + "\n").utf8).write(to: expectedURL)
        }
        let expected = try Fixtures.text(expectedURL).split(separator: "\n").map(String.init)
        #expect(!actual.isEmpty, "\(name).yaml should be invalid")
        #expect(actual == expected)
    }
}
