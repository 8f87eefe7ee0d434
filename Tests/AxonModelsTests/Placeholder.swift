import Testing

@Test func placeholderModels() { #expect(Bool(true)) }
