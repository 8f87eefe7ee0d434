import AxonModels
import Testing

@Suite struct SSEParserTests {
    static let stream =
        Array(
            "\u{FEFF}: hello comment\nevent: message_start\ndata: {\"a\":1}\n\ndata: line one\ndata: line two\n\n"
                .utf8) + Array("id: 7\ndata:no-space\n\n:keep-alive\n\ndata: [DONE]\n\n".utf8)
    static let expected = [
        SSEEvent(event: "message_start", data: "{\"a\":1}"),
        SSEEvent(data: "line one\nline two"),
        SSEEvent(data: "no-space", id: "7"),
        SSEEvent(data: "[DONE]", id: "7"),
    ]

    @Test func wholeStreamInOneChunk() {
        var parser = SSEParser()
        #expect(parser.feed(Self.stream) == Self.expected)
    }

    @Test func splitAtEveryByteBoundary() {
        for cut in 0...Self.stream.count {
            var parser = SSEParser()
            let events = parser.feed(Self.stream[..<cut]) + parser.feed(Self.stream[cut...])
            #expect(events == Self.expected, "split at byte \(cut)")
        }
    }

    @Test func oneByteAtATime() {
        var parser = SSEParser()
        var events: [SSEEvent] = []
        for byte in Self.stream { events += parser.feed([byte]) }
        #expect(events == Self.expected)
    }

    @Test(arguments: ["\r\n", "\r"])
    func otherLineEndings(ending: String) {
        let text = String(decoding: Self.stream, as: UTF8.self).replacing("\n", with: ending)
        let bytes = Array(text.utf8)
        for cut in 0...bytes.count {
            var parser = SSEParser()
            #expect(parser.feed(bytes[..<cut]) + parser.feed(bytes[cut...]) == Self.expected, "cut \(cut)")
        }
    }

    @Test func crAtTheEndOfAChunkAndLFAtTheStartOfTheNextEndOneLine() {
        var parser = SSEParser()
        let first = parser.feed(Array("data: x\r".utf8))
        let second = parser.feed(Array("\n\r\n".utf8))
        #expect(first.isEmpty)
        #expect(second == [SSEEvent(data: "x")])
    }

    @Test func eventWithoutDataIsDroppedAndAnUnterminatedEventIsDiscarded() {
        var parser = SSEParser()
        #expect(parser.feed(Array("event: ping\n\ndata: partial".utf8)).isEmpty)
        #expect(parser.finish().isEmpty)
    }

    @Test func emptyDataLineIsAnEventWithEmptyData() {
        var parser = SSEParser()
        #expect(parser.feed(Array("data:\n\n".utf8)) == [SSEEvent(data: "")])
    }

    @Test func bomOnlyAtTheStart() {
        var parser = SSEParser()
        let events = parser.feed(Array("data: a\n\n\u{FEFF}data: b\n\n".utf8))
        // A BOM later in the stream is part of a field name, so that line is an unknown field.
        #expect(events == [SSEEvent(data: "a")])
    }

    @Test func utf8SplitInsideACharacterIsReassembled() {
        let bytes = Array("data: héllo 🙂\n\n".utf8)
        for cut in 0...bytes.count {
            var parser = SSEParser()
            #expect(parser.feed(bytes[..<cut]) + parser.feed(bytes[cut...]) == [SSEEvent(data: "héllo 🙂")])
        }
    }
}
