import AxonConfig
import AxonCore
import AxonTools
import Testing

/// Manifest headers: every comment prefix, the fields, and broken manifests reported at `path:line:col`.
@Suite struct ToolManifestTests {
    static let body = ["---", "name: greet", "description: Say hi.", "timeout: 500ms", "---"]

    func manifest(_ text: String) throws -> ToolManifest {
        guard case .manifest(let m) = ToolManifest.parse(text, file: "src/tools/t") else {
            Issue.record("no manifest in: \(text)")
            throw ToolFailure("no manifest")
        }
        return m
    }

    func diagnostic(_ text: String, file: String = "src/tools/t") -> (ConfigDiagnostic, String?)? {
        guard case .invalid(let d, let name) = ToolManifest.parse(text, file: file) else { return nil }
        return (d, name)
    }

    @Test(arguments: [("#!/bin/sh\n", "# "), ("#!/usr/bin/env node\n", "// "), ("", "-- "), ("", "; "), ("", "#")])
    func everyCommentPrefixIsStripped(shebang: String, prefix: String) throws {
        let text = shebang + Self.body.map { prefix + $0 }.joined(separator: "\n") + "\nbody here\n"
        let m = try manifest(text)
        #expect(m.name == "greet")
        #expect(m.description == "Say hi.")
        #expect(m.timeout == .milliseconds(500))
        #expect(m.input == .object(["type": .string("object")]))
    }

    @Test func inputIsTheJSONSchemaWithTypedScalarsAndTheTimeoutDefaults() throws {
        let m = try manifest(
            """
            #!/usr/bin/env python3
            # -*- coding: utf-8 -*-
            # ---
            # name: count
            # description: Count.
            # input:
            #   type: object
            #   properties: {n: {type: integer, maximum: 10, enum: [1, 2, "3", true]}}
            #   required: [n]
            # ---
            print(1)
            """)
        #expect(m.timeout == ToolManifest.defaultTimeout)
        #expect(m.input["required"] == .array([.string("n")]))
        #expect(
            m.input["properties"]?["n"]?["enum"] == .array([.int(1), .int(2), .string("3"), .bool(true)]))
        #expect(m.input["properties"]?["n"]?["maximum"] == .int(10))
    }

    @Test func aFileWithoutAManifestIsNone() {
        #expect(ToolManifest.parse("#!/bin/sh\necho hi\n", file: "x") == .none)
        #expect(ToolManifest.parse("#!/bin/sh\n# just a comment\necho ---\n", file: "x") == .none)
        #expect(ToolManifest.parse("", file: "x") == .none)
        #expect(ToolManifest.parse("\u{0}\u{1}binary", file: "x") == .none)
    }

    @Test func invalidYAMLIsReportedAtTheFilesLineAndColumn() throws {
        // YAML line 2 is file line 4; the stripped "# " adds 2 columns.
        let text = "#!/bin/sh\n# ---\n# name: x\n# description: a: b\n# ---\n"
        let (d, _) = try #require(diagnostic(text))
        #expect(d.file == "src/tools/t")
        #expect(d.line == 4)
        #expect(d.column == 17, "\(d)")
        #expect(d.message.contains("YAML syntax error"))
        #expect(d.description.hasPrefix("src/tools/t:4:17: "))
    }

    @Test func anUnclosedManifestPointsAtItsOpeningLine() throws {
        let (d, _) = try #require(diagnostic("#!/bin/sh\n# ---\n# name: x\necho\n"))
        #expect((d.line, d.column) == (2, 3))
        #expect(d.message.contains("no closing '---'"))
    }

    @Test func missingFieldsUnknownKeysAndBadValuesAreDiagnostics() throws {
        func check(_ lines: [String], line: Int, _ fragment: String, name: String? = nil) throws {
            let text = (["---"] + lines + ["---"]).map { "# " + $0 }.joined(separator: "\n")
            let (d, n) = try #require(diagnostic(text), "\(lines)")
            #expect(d.line == line, "\(d)")
            #expect(d.message.contains(fragment), "\(d)")
            #expect(n == name)
        }
        try check(["description: d"], line: 2, "'name' is missing")
        try check(["name: ok"], line: 2, "'description' is missing", name: "ok")
        try check(["name: ok", "description: d", "color: red"], line: 4, "unknown key 'color'", name: "ok")
        try check(["name: ok", "description: d", "timeout: 30"], line: 4, "'timeout' must be", name: "ok")
        try check(["name: ok", "description: d", "timeout: 2h"], line: 4, "at most 10m", name: "ok")
        try check(["name: ok", "description: d", "input: {type: string}"], line: 4, "'input' must be", name: "ok")
        try check(["- a list"], line: 2, "must be a mapping")
        try check(["name: [x]", "description: d"], line: 2, "'name' is missing or not a string")
    }

    @Test(arguments: ["1abc", "has space", "dot.name", "ünï", String(repeating: "a", count: 65), "-x", ""])
    func badNamesAreInvalidWithTheNameKept(name: String) throws {
        let text = "# ---\n# name: \"\(name)\"\n# description: d\n# ---\n"
        let (d, n) = try #require(diagnostic(text))
        #expect(d.message.contains("invalid tool name"))
        #expect(d.line == 2)
        #expect(n == name)
    }

    @Test(arguments: ["a", "hello", "git_log", "Count-Lines2", String(repeating: "b", count: 64)])
    func goodNames(name: String) {
        #expect(NameRule.isValid(name))
    }
}
