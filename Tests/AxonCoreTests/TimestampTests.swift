import AxonCore
import Testing

@Suite struct TimestampTests {
    @Test func formatsRFC3339WithMilliseconds() {
        #expect(Timestamp(milliseconds: 0).rfc3339 == "1970-01-01T00:00:00.000Z")
        #expect(
            Timestamp(year: 2026, month: 11, day: 26, hour: 0, minute: 16, second: 17, millisecond: 5).rfc3339
                == "2026-11-26T00:16:17.005Z")
        #expect(
            Timestamp(year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 59, millisecond: 999).rfc3339
                == "2024-02-29T23:59:59.999Z")
        #expect(Timestamp(milliseconds: -1).rfc3339 == "1969-12-31T23:59:59.999Z")
    }

    @Test(arguments: [
        ("2026-11-26T00:16:17.123Z", "2026-11-26T00:16:17.123Z"),
        ("2026-11-26T00:16:17Z", "2026-11-26T00:16:17.000Z"),
        ("2026-11-26T00:16:17.1234567Z", "2026-11-26T00:16:17.123Z"),
        ("2026-11-26T02:16:17.5+02:00", "2026-11-26T00:16:17.500Z"),
        ("2026-11-25T23:16:17-01:00", "2026-11-26T00:16:17.000Z"),
        ("2026-11-26", "2026-11-26T00:00:00.000Z"),
    ])
    func parses(text: String, expected: String) {
        #expect(Timestamp(parsing: text)?.rfc3339 == expected)
    }

    @Test(arguments: [
        "", "2026", "2026-13-01", "2026-11-26T25:00:00Z", "2026-11-26T00:00:00", "yesterday",
        "2026-11-26T00:00:00.Z", "2026-11-26T00:00:00Zjunk",
    ])
    func rejects(text: String) {
        #expect(Timestamp(parsing: text) == nil)
    }

    @Test func roundTripsThroughCivilDates() {
        // Every day boundary over 500 years maps back to itself.
        var ms: Int64 = Timestamp(year: 1800, month: 1, day: 1).milliseconds
        let end = Timestamp(year: 2300, month: 1, day: 1).milliseconds
        while ms < end {
            let t = Timestamp(milliseconds: ms + 12_345)
            #expect(Timestamp(parsing: t.rfc3339) == t)
            ms += 86_400_000 * 37
        }
    }

    @Test func dayIsTheUTCDate() {
        #expect(Timestamp(parsing: "2026-11-26T23:59:59.999Z")?.day == "2026-11-26")
    }
}

@Suite struct SessionIDTests {
    @Test func sortsByStartTimeAndCarriesTheHost() {
        let a = SessionID.make(at: Timestamp(year: 2026, month: 1, day: 2, hour: 3), host: "Build-Box.example.com")
        let b = SessionID.make(at: Timestamp(year: 2026, month: 1, day: 2, hour: 4), host: "aaa")
        #expect(a < b)
        #expect(a.rawValue.hasPrefix("20260102T030000000Z-buildboxexamplec-"))
        #expect(a.startTime == Timestamp(year: 2026, month: 1, day: 2, hour: 3))
    }

    @Test func hostSlugIsFileNameSafe() {
        #expect(Host.slug("../../etc") == "etc")
        #expect(Host.slug("") == "host")
        #expect(Host.slug("ÜBER_host") == "berhost")
    }

    @Test func foreignIdsHaveNoStartTime() {
        #expect(SessionID(rawValue: "hand-made").startTime == nil)
    }
}
