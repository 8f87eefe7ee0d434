import Testing

@Test func placeholderThreads() { #expect(Bool(true)) }
