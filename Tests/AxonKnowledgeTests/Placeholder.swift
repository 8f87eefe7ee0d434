import Testing

@Test func placeholderKnowledge() { #expect(Bool(true)) }
