import AxonCore
import AxonModels
import Testing

@Suite struct ReplayScriptTests {
    @Test func parsesRulesTurnsAndTypedArguments() throws {
        let script = try ReplayScript.parse(
            yaml: """
                rules:
                  - match: hello
                    turns:
                      - text: hi
                      - tool_calls:
                          - name: read_file
                            arguments: {path: "README.md", limit: 10, ratio: 0.5, all: true, none: null, quoted: "10"}
                default:
                  - text: fallback
                """, file: "s.yaml")
        #expect(script.rules.count == 1)
        #expect(script.rules[0].match == "hello")
        #expect(
            script.rules[0].turns[1].toolCalls[0].arguments
                == ["path": "README.md", "limit": 10, "ratio": 0.5, "all": true, "none": .null, "quoted": "10"])
        #expect(script.fallback == [.init(text: "fallback")])
    }

    @Test func delayMakesASlowTurn() throws {
        let script = try ReplayScript.parse(yaml: "default:\n  - {text: slow, delay_ms: 25}", file: "s.yaml")
        #expect(script.fallback == [.init(text: "slow", delayMS: 25)])
        #expect(throws: ModelError.self) {
            _ = try ReplayScript.parse(yaml: "default:\n  - {text: a, delay_ms: -1}", file: "s.yaml")
        }
        #expect(throws: ModelError.self) {
            _ = try ReplayScript.parse(yaml: "default:\n  - {text: a, delay_ms: \"5\"}", file: "s.yaml")
        }
    }

    @Test func emptyFileIsAnEmptyScript() throws {
        #expect(try ReplayScript.parse(yaml: "", file: "s.yaml") == ReplayScript(rules: [], fallback: []))
    }

    @Test(arguments: [
        ("rules: [{turns: []}]", "s.yaml:1:17: 'turns' must be a non-empty list"),
        (
            "rules:\n  - mach: x\n    turns: [{text: a}]",
            "s.yaml:2:5: unknown key 'mach' in a rule (allowed: match, turns)"
        ),
        ("default:\n  - {}", "s.yaml:2:5: a turn needs 'text' or 'tool_calls'"),
        ("default:\n  - tool_calls: [{arguments: {}}]", "s.yaml:2:18: a tool call needs a 'name'"),
        ("default:\n  - tool_calls: [{name: x, arguments: [1]}]", "s.yaml:2:39: 'arguments' must be a mapping"),
        ("rules: [", "s.yaml:2:1: invalid YAML: did not find expected node content"),
        ("- just a list", "s.yaml:1:1: expected a mapping for the script"),
        ("default: [{text: a}]\ndefault: [{text: b}]", "s.yaml:1:1: duplicate key 'default' in this mapping"),
    ])
    func reportsProblemsWithLineAndColumn(yaml: String, expected: String) {
        #expect {
            _ = try ReplayScript.parse(yaml: yaml, file: "s.yaml")
        } throws: { error in
            (error as? ModelError)?.description == expected
        }
    }

    @Test func missingFileIsAClearError() {
        #expect(throws: ModelError.self) {
            _ = try ReplayScript.load(path: "/nonexistent/x.yaml", displayPath: "data/replay/x.yaml")
        }
    }
}
