import Testing

@Test func placeholderTrace() { #expect(Bool(true)) }
