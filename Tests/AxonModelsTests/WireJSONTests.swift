import AxonCore
import AxonModels
import Testing

@Suite struct WireJSONTests {
    static let samples = [
        #"{"choices":[{"index":0,"delta":{"content":"Hel\"lo\\ \n\t\u00e9 \ud83d\ude42 /"},"finish_reason":null}]}"#,
        #"{"usage":{"prompt_tokens":100,"completion_tokens":7,"x":-3,"y":1.5,"z":2e3,"w":-0.25,"v":1.0,"u":-2.50E+1}}"#,
        #"  [true, false, null, [], {}, "", 0, -0, 9007199254740993, "ünïcödé 🙂"]  "#,
        #"{"a":{"b":{"c":[1,{"d":"e"}]}},"a2":"x"}"#,
        #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"path\":"}}"#,
    ]

    @Test(arguments: samples)
    func agreesWithFoundation(text: String) throws {
        #expect(try WireJSON.parse(text) == JSONValue(parsing: text))
    }

    @Test(arguments: [
        "", "{", "{\"a\"}", "{\"a\":1,}", "[1,]", "tru", "nul", "\"abc", "\"\\x\"", "1 2", "-", "{\"a\":1}x",
        "\"\u{01}\"", "\"\\ud83d\\u0041\"",
    ])
    func rejectsInvalidJSON(text: String) {
        #expect(throws: WireJSON.Invalid.self) { try WireJSON.parse(text) }
    }
}
