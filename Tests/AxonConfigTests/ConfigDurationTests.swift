import AxonConfig
import Testing

@Suite struct ConfigDurationTests {
    @Test(arguments: [
        ("100ms", Duration.milliseconds(100)), ("30s", .seconds(30)), ("5m", .seconds(300)), ("1h", .seconds(3600)),
        ("1h30m", .seconds(5400)), ("2d", .seconds(172_800)), ("0s", .zero), ("1m30s500ms", .milliseconds(90_500)),
    ])
    func accepts(text: String, expected: Duration) {
        #expect(ConfigDuration.parse(text) == expected)
    }

    @Test(arguments: [
        "", "30", "30x", "1.5h", "30m1h", "1h1h", "-5s", "5 s", "s", "ms", "1msx", "99999999999999999999d",
        "9999999999999999d",
    ])
    func rejects(text: String) {
        #expect(ConfigDuration.parse(text) == nil)
    }

    @Test func formatsShortest() {
        #expect(ConfigDuration.format(.seconds(90)) == "1m30s")
        #expect(ConfigDuration.format(.milliseconds(100)) == "100ms")
        #expect(ConfigDuration.format(.zero) == "0s")
        #expect(ConfigDuration.format(.seconds(172_800 + 3600)) == "2d1h")
    }
}
