import AxonCore
import AxonTools
import Testing

@Suite struct SchemaValidatorTests {
    static let schema: JSONValue = [
        "type": "object",
        "properties": [
            "mode": ["type": "string", "enum": ["fast", "slow"]],
            "tags": ["type": "array", "items": ["type": "string"]],
            "count": ["type": "integer"],
            "ratio": ["type": "number"],
            "nested": ["type": "object", "properties": ["on": ["type": "boolean"]], "required": ["on"]],
        ],
        "required": ["mode"],
        "additionalProperties": false,
    ]

    @Test func validArgumentsHaveNoProblems() {
        let value: JSONValue = ["mode": "fast", "tags": ["a", "b"], "count": 2, "ratio": 0.5, "nested": ["on": true]]
        #expect(SchemaValidator.problems(value, schema: Self.schema).isEmpty)
    }

    @Test func everyProblemIsNamed() {
        let value: JSONValue = ["mode": "medium", "tags": ["a", 3], "count": 1.5, "nested": [:], "extra": 1]
        let problems = SchemaValidator.problems(value, schema: Self.schema)
        #expect(problems.contains { $0.contains("arguments.mode must be one of \"fast\", \"slow\"") })
        #expect(problems.contains("arguments.tags[1] must be string, not a number"))
        #expect(problems.contains("arguments.count must be integer, not a number"))
        #expect(problems.contains("arguments.nested.on is required"))
        #expect(problems.contains { $0.hasPrefix("arguments.extra is not an argument") })
    }

    @Test func missingRequiredAndWrongTopLevelType() {
        #expect(SchemaValidator.problems([:], schema: Self.schema) == ["arguments.mode is required"])
        #expect(SchemaValidator.problems("x", schema: Self.schema) == ["arguments must be object, not a string"])
    }

    @Test func unknownKeywordsAreLetThrough() {
        let schema: JSONValue = ["type": "string", "minLength": 3, "pattern": "^a"]
        #expect(SchemaValidator.problems("b", schema: schema).isEmpty)
    }
}
