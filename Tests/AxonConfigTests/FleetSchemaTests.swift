import AxonConfig
import AxonCore
import Testing

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `docs/fleet.schema.json` must be exactly `FleetSchema.jsonSchemaText()`.
///
/// After changing `FleetShape`, regenerate it with `AXON_UPDATE_SCHEMA=1 swift test --filter FleetSchemaTests`.
@Suite struct FleetSchemaTests {
    static let schemaURL = Fixtures.repoRoot.appendingPathComponent("docs/fleet.schema.json")

    @Test func checkedInSchemaIsUpToDate() throws {
        let generated = FleetSchema.jsonSchemaText()
        if ProcessInfo.processInfo.environment["AXON_UPDATE_SCHEMA"] == "1" {
            try Data(generated.utf8).write(to: Self.schemaURL)
        }
        let checkedIn = try Fixtures.text(Self.schemaURL)
        #expect(
            checkedIn == generated,
            "docs/fleet.schema.json is stale: run AXON_UPDATE_SCHEMA=1 swift test --filter FleetSchemaTests")
    }

    @Test func schemaParsesAsJSONAndMatchesTheValue() throws {
        let parsed = try JSONValue(parsing: FleetSchema.jsonSchemaText())
        #expect(parsed == FleetSchema.jsonSchema())
    }

    @Test func schemaIsClosedAndDescribed() throws {
        let schema = FleetSchema.jsonSchema()
        #expect(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema")
        #expect(schema["additionalProperties"] == false)
        let agent = try #require(schema["$defs"]?["agent"])
        #expect(agent["additionalProperties"] == false)
        #expect(
            agent["properties"]?["restart"]?["properties"]?["policy"]?["enum"] == ["always", "on-failure", "never"])
        #expect(agent["properties"]?["serve"]?["properties"]?["port"]?["maximum"] == 65535)
        #expect(schema["$defs"]?["model"]?["required"] == ["provider"])
        #expect(schema["properties"]?["agents"]?["propertyNames"]?["pattern"] == "^[A-Za-z][A-Za-z0-9_-]{0,63}$")
        for (key, value) in agent["properties"]?.objectValue ?? [:] {
            #expect(value["description"]?.stringValue?.isEmpty == false, "agent.\(key) has no description")
        }
    }
}

/// docs/fleet-yaml.md must mention every key the loader accepts (as `` `key` `` or `` `parent.key` ``).
@Suite struct FleetDocsTests {
    @Test func referenceNamesEveryKey() throws {
        let docs = try Fixtures.text(Fixtures.repoRoot.appendingPathComponent("docs/fleet-yaml.md"))
        for key in FleetSchemaKeys.all(FleetSchema.jsonSchema()) {
            #expect(
                docs.contains("`\(key)`") || docs.contains(".\(key)`"), "docs/fleet-yaml.md does not mention '\(key)'")
        }
    }
}

/// Every property name in the schema (the schema is derived from the validator's shape).
enum FleetSchemaKeys {
    static func all(_ value: JSONValue) -> Set<String> {
        var keys: Set<String> = []
        switch value {
        case .object(let fields):
            if case .object(let properties)? = fields["properties"] { keys.formUnion(properties.keys) }
            for v in fields.values { keys.formUnion(all(v)) }
        case .array(let items):
            for v in items { keys.formUnion(all(v)) }
        default: break
        }
        return keys
    }
}
