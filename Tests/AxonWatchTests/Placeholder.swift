import Testing

@Test func placeholderWatch() { #expect(Bool(true)) }
