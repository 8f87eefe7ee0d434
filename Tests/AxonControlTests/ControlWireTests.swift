import AxonControl
import AxonCore
import Testing

/// Pins the control protocol's bytes (docs/control-protocol.md): each fixed line decodes to its value and the
/// value encodes back to exactly that line.
@Suite struct ControlWireTests {
    static let requests: [(String, ControlRequest)] = [
        (#"{"v":1,"type":"request","id":"q1","prompt":"hello"}"#, .request(id: "q1", prompt: "hello", thread: nil)),
        (
            #"{"v":1,"type":"request","id":"q2","prompt":"line one\nline \"two\"","thread":"review"}"#,
            .request(id: "q2", prompt: "line one\nline \"two\"", thread: "review")
        ),
        (#"{"v":1,"type":"cancel","id":"q1"}"#, .cancel(id: "q1")),
        (#"{"v":1,"type":"status"}"#, .status(id: nil)),
        (#"{"v":1,"type":"status","id":"s"}"#, .status(id: "s")),
        (#"{"v":1,"type":"shutdown"}"#, .shutdown(id: nil)),
        (#"{"v":1,"type":"snapshot"}"#, .snapshot(id: nil)),
        (#"{"v":1,"type":"ack","id":"g7"}"#, .ack(id: "g7")),
        (#"{"v":1,"type":"down"}"#, .down(id: nil, timeoutMilliseconds: nil)),
        (#"{"v":1,"type":"down","id":"d","timeout_ms":2500}"#, .down(id: "d", timeoutMilliseconds: 2500)),
        (#"{"v":1,"type":"restart","id":"r","target":"scout.2"}"#, .restart(id: "r", target: "scout.2")),
    ]

    static let replies: [(String, ControlReply)] = [
        (#"{"v":1,"type":"event","id":"q1","kind":"text","text":"Hello "}"#, .event(id: "q1", event: .text("Hello "))),
        (
            #"{"v":1,"type":"event","id":"q1","arguments":{"path":"src"},"call_id":"call_2_0","kind":"tool_call","tool":"list_files"}"#,
            .event(id: "q1", event: .toolCall(callID: "call_2_0", tool: "list_files", arguments: ["path": "src"]))
        ),
        (
            #"{"v":1,"type":"event","id":"q1","call_id":"call_2_0","content":"error: no tools","kind":"tool_result","ok":false}"#,
            .event(id: "q1", event: .toolResult(callID: "call_2_0", ok: false, content: "error: no tools"))
        ),
        (#"{"v":1,"type":"event","id":"q1","kind":"turn_end"}"#, .event(id: "q1", event: .turnEnd)),
        (
            #"{"v":1,"type":"end","id":"q1","result":{"agent":"default","cost_usd":0,"error":"cancelled","request":"r2","session":"s1","status":"cancelled","text":"Hel","thread":"s1","usage":{"cache_read_tokens":0,"cache_write_tokens":0,"input_tokens":3,"output_tokens":1}}}"#,
            .end(
                id: "q1",
                result: [
                    "agent": "default", "cost_usd": 0, "error": "cancelled", "request": "r2", "session": "s1",
                    "status": "cancelled", "text": "Hel", "thread": "s1",
                    "usage": [
                        "cache_read_tokens": 0, "cache_write_tokens": 0, "input_tokens": 3, "output_tokens": 1,
                    ],
                ])
        ),
        (
            #"{"v":1,"type":"error","id":"q9","code":"unknown_request","message":"no request 'q9' is running"}"#,
            .error(id: "q9", code: "unknown_request", message: "no request 'q9' is running")
        ),
        (
            #"{"v":1,"type":"error","code":"bad_json","message":"bad control line: not a JSON object"}"#,
            .error(id: nil, code: "bad_json", message: "bad control line: not a JSON object")
        ),
        (
            #"{"v":1,"type":"status","agent":"default","busy":false,"requests":2,"session":"s1","shape":"script"}"#,
            .status(
                id: nil, fields: ["agent": "default", "busy": false, "requests": 2, "session": "s1", "shape": "script"])
        ),
    ]

    @Test(arguments: 0..<requests.count) func requestLinesRoundTrip(_ i: Int) throws {
        let (line, value) = Self.requests[i]
        #expect(ControlWire.encode(value) == line)
        #expect(try ControlWire.decodeRequest(line) == value)
    }

    @Test(arguments: 0..<replies.count) func replyLinesRoundTrip(_ i: Int) throws {
        let (line, value) = Self.replies[i]
        #expect(ControlWire.encode(value) == line)
        #expect(try ControlWire.decodeReply(line) == value)
    }

    @Test func fieldOrderDoesNotMatterOnInput() throws {
        let line = #"{"prompt":"hi","id":"a","type":"request","v":1}"#
        #expect(try ControlWire.decodeRequest(line) == .request(id: "a", prompt: "hi", thread: nil))
    }

    @Test(arguments: [
        ("not json", "bad_json"),
        ("[1]", "bad_json"),
        (#"{"type":"status"}"#, "bad_request"),
        (#"{"v":2,"type":"status"}"#, "unsupported_version"),
        (#"{"v":1,"type":"launch"}"#, "unknown_type"),
        (#"{"v":1,"type":"request","prompt":"x"}"#, "bad_request"),
        (#"{"v":1,"type":"request","id":"a"}"#, "bad_request"),
        (#"{"v":1,"type":"request","id":"a","prompt":"x","thread":3}"#, "bad_request"),
        (#"{"v":1,"type":"cancel"}"#, "bad_request"),
        (#"{"v":1,"type":"restart"}"#, "bad_request"),
        (#"{"v":1,"type":"down","timeout_ms":-1}"#, "bad_request"),
    ])
    func malformedLinesGetStableCodes(_ line: String, _ code: String) {
        var thrown: String?
        do {
            _ = try ControlWire.decodeRequest(line)
        } catch {
            thrown = (error as ControlError).code
        }
        #expect(thrown == code)
    }
}
