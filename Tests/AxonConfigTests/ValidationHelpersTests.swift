import AxonCore
import Testing

@testable import AxonConfig

@Suite struct GlobCheckTests {
    @Test(arguments: ["**", "data/**", "src/[ab].swift", "src/[!a]*.md", "a/[]]b", "weird\\[literal", "**/.env", "*"])
    func accepts(glob: String) {
        #expect(GlobCheck.problem(in: glob) == nil)
    }

    @Test(arguments: [
        ("", "a glob must not be empty"),
        ("/etc/**", "'/etc/**' is an absolute path; globs are relative to the repo root (drop the leading '/')"),
        ("~/x", "'~/x' is an absolute path; globs are relative to the repo root (drop the leading '~')"),
        ("../x", "'../x' has a '..' segment; globs must stay inside the repo"),
        ("a/../../b", "'a/../../b' has a '..' segment; globs must stay inside the repo"),
        ("src/[ab", "'src/[ab' has an unclosed '[' at character 5; close it with ']' or escape it as '\\['"),
    ])
    func rejects(glob: String, message: String) {
        #expect(GlobCheck.problem(in: glob) == message)
    }

    @Test func dotsInNamesAreFine() {
        #expect(GlobCheck.problem(in: "a..b/..c") == nil)
    }
}

@Suite struct SuggestionTests {
    @Test func suggestsCloseKeys() {
        let keys = FleetShape.agent.fields.map(\.name)
        #expect(Suggestion.closest(to: "modle", in: keys) == "model")
        #expect(Suggestion.closest(to: "replica", in: keys) == "replicas")
        #expect(Suggestion.closest(to: "Prompt", in: keys) == "prompt")
        #expect(Suggestion.closest(to: "instrucitons", in: keys) == "instructions")
        #expect(Suggestion.closest(to: "banana", in: keys) == nil)
        #expect(Suggestion.closest(to: "x", in: ["y"]) == nil)
    }

    @Test func distanceCountsTranspositionAsOne() {
        #expect(Suggestion.distance("ab", "ba") == 1)
        #expect(Suggestion.distance("kitten", "sitting") == 3)
        #expect(Suggestion.distance("", "abc") == 3)
    }

    @Test func agentNames() {
        #expect(NameRule.isValid("scout"))
        #expect(NameRule.isValid("a-b_c9"))
        #expect(NameRule.isValid(String(repeating: "a", count: 64)))
        #expect(!NameRule.isValid(String(repeating: "a", count: 65)))
        #expect(!NameRule.isValid("9lives"))
        #expect(!NameRule.isValid("has space"))
        #expect(!NameRule.isValid(""))
        #expect(!NameRule.isValid("é"))
    }
}
