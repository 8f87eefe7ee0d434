import AxonCore
import AxonTesting
import Testing

@testable import AxonTrace

@Suite struct RedactorTests {
    static let key = "sk-live-0123456789abcdef"
    static let tricky = #"pa"ss\wo"rd-42"#

    @Test func shortValuesAreNotSecrets() {
        let r = Redactor(secrets: ["abc", "1234567"])
        #expect(r.isEmpty)
        #expect(r.redact("abc 1234567") == "abc 1234567")
    }

    @Test func longerSecretIsRemovedWhole() {
        let r = Redactor(secrets: ["abcdefgh", "abcdefgh-ijkl"])
        #expect(r.redact("x abcdefgh-ijkl y abcdefgh") == "x [REDACTED] y [REDACTED]")
    }

    @Test func writerRedactsEveryFreeTextField() async throws {
        let dir = try TemporaryWorkspace(prefix: "axon-redact")
        defer { dir.remove() }
        let w = try TraceWriter(directory: dir.path, session: TraceSamples.session, secrets: [Self.key, Self.tricky])
        let k = Self.key, t = Self.tricky
        try await w.append(.requestStart(prompt: "use \(k) please"))
        try await w.append(
            .message(
                .assistant(
                    "key=\(t)",
                    toolCalls: [
                        ToolCall(
                            id: "c1", name: "http",
                            arguments: ["headers": ["auth": .string("Bearer \(k)")], "list": [.string(t)]])
                    ])))
        try await w.append(.toolCall(tool: "http", callID: "c1", arguments: ["nested": ["deeper": [.string(k)]]]))
        try await w.append(.toolResult(tool: "http", callID: "c1", ok: false, content: "echo \(t)\(k)", durationMS: 1))
        try await w.append(.error(code: "auth", message: "bad key \(k)"))
        try await w.append(.compaction(replaces: ["r1"], summary: "used \(t)"))
        try await w.close()

        let raw = String(decoding: try POSIXFile.readAll(w.path), as: UTF8.self)
        #expect(!raw.contains("0123456789abcdef"))
        #expect(!raw.contains("ss\\\\wo"))  // the escaped form of the tricky secret
        #expect(!raw.contains("rd-42"))
        let entries = try TraceReader.read(path: w.path).entries
        #expect(entries[0].event == .requestStart(prompt: "use [REDACTED] please"))
        #expect(
            entries[2].event
                == .toolCall(
                    tool: "http", callID: "c1",
                    arguments: ["nested": ["deeper": ["[REDACTED]"]]]))
        #expect(
            entries[3].event
                == .toolResult(
                    tool: "http", callID: "c1", ok: false,
                    content: "echo [REDACTED][REDACTED]", durationMS: 1))
        guard case .message(let m) = entries[1].event else { Issue.record("not a message"); return }
        #expect(m.content == "key=[REDACTED]")
        #expect(m.toolCalls[0].arguments == ["headers": ["auth": "Bearer [REDACTED]"], "list": ["[REDACTED]"]])
        #expect(entries[4].event == .error(code: "auth", message: "bad key [REDACTED]"))
        #expect(entries[5].event == .compaction(replaces: ["r1"], summary: "used [REDACTED]"))
    }
}

extension RedactorTests {
    /// A secret followed by a combining mark forms a different Character; byte matching must still catch it.
    @Test func secretFollowedByCombiningMarkIsStillRedacted() {
        let r = Redactor(secrets: ["abcdefghe"])
        #expect(r.redact("x abcdefghe\u{301} y") == "x [REDACTED]\u{301} y")
    }
}
