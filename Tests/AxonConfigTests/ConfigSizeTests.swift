import AxonConfig
import Testing

@Suite struct ConfigSizeTests {
    @Test(arguments: [
        ("4096", 4096), ("0", 0), ("64B", 64), ("512KiB", 512 << 10), ("10MiB", 10 << 20), ("1GiB", 1 << 30),
        ("007KiB", 7 << 10),
    ])
    func accepts(text: String, expected: Int) {
        #expect(ConfigSize.parse(text) == expected)
    }

    @Test(arguments: [
        "", "KiB", "10MB", "10M", "10mib", "10 MiB", "1.5MiB", "-1", "+1KiB", "10MiBs", "10TiB", "99999999999999999999",
        "9999999999999GiB",
    ])
    func rejects(text: String) {
        #expect(ConfigSize.parse(text) == nil)
    }

    @Test func formatsInTheLargestExactUnit() {
        #expect(ConfigSize.format(4096) == "4KiB")
        #expect(ConfigSize.format(10 << 20) == "10MiB")
        #expect(ConfigSize.format(3 << 30) == "3GiB")
        #expect(ConfigSize.format(1000) == "1000B")
        #expect(ConfigSize.format(0) == "0B")
    }
}
