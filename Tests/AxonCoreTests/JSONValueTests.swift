import AxonCore
import Foundation
import Testing

@Suite struct JSONValueTests {
    @Test func serializesCompactlyWithSortedKeys() {
        let value: JSONValue = ["b": 1, "a": [true, .null, 1.5, "x"], "c": ["z": "q"]]
        #expect(value.serialized() == #"{"a":[true,null,1.5,"x"],"b":1,"c":{"z":"q"}}"#)
    }

    @Test func escapesStrings() {
        #expect(JSONText.quote("a\"b\\c\nd\te\u{01}\u{2028}é") == #""a\"b\\c\nd\te\u0001\u2028é""#)
    }

    @Test func parsesAndRoundTrips() throws {
        let text = #"{"a":[1,2.5,"s",false,null],"n":{"k":-3}}"#
        let value = try JSONValue(parsing: text)
        #expect(value["n"]?["k"]?.intValue == -3)
        #expect(value.serialized() == text)
    }

    @Test func boolsStayBoolsAndIntsStayInts() throws {
        let value = try JSONValue(parsing: #"[true, 1, 1.0, 0]"#)
        #expect(value.arrayValue?[1] == .int(1))
        #expect(value.arrayValue?[0] == .bool(true))
        #expect(value.arrayValue?[3] == .int(0))
    }

    @Test func rejectsInvalidJSON() {
        #expect(throws: (any Error).self) { try JSONValue(parsing: #"{"a":"#) }
    }

    @Test func nonFiniteNumbersBecomeNull() {
        #expect(JSONValue.double(.infinity).serialized() == "null")
        #expect(JSONValue.double(2).serialized() == "2")
    }

    @Test func mapStringsReachesNestedValuesButNotKeys() {
        let value: JSONValue = ["secret": ["x", ["deep": "secret"]]]
        let mapped = value.mapStrings { $0.replacingOccurrences(of: "secret", with: "***") }
        #expect(mapped.serialized() == #"{"secret":["x",{"deep":"***"}]}"#)
    }
}
