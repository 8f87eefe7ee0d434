import Testing

@testable import AxonFleet

@Suite struct FleetTargetTests {
    let ids = ["scout.1", "scout.2", "night.owl.1"]

    @Test func anInstanceOrAnAgentsReplicasAreNamed() throws {
        #expect(try FleetTarget.resolve("scout.2", in: ids) == ["scout.2"])
        #expect(try FleetTarget.resolve("scout", in: ids) == ["scout.1", "scout.2"])
        #expect(try FleetTarget.resolve("night.owl", in: ids) == ["night.owl.1"], "a dotted agent name")
    }

    @Test func anUnknownNameGetsASuggestionAndAMissingReplicaTheExistingOnes() {
        #expect(throws: FleetTarget.Failure.unknownAgent("scuot", hint: " (did you mean 'scout'?)")) {
            try FleetTarget.resolve("scuot", in: ids)
        }
        #expect(throws: FleetTarget.Failure.unknownReplica("scout.3", existing: ["scout.1", "scout.2"])) {
            try FleetTarget.resolve("scout.3", in: ids)
        }
        #expect(
            FleetTarget.Failure.unknownAgent("x", hint: "").description == "unknown agent 'x'",
            "no hint when nothing is close")
    }
}
