import Testing

@Test func placeholderProviders() { #expect(Bool(true)) }
