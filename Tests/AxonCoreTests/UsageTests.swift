import AxonCore
import Testing

@Suite struct UsageTests {
    @Test func addsUpFieldByField() {
        var u = Usage(inputTokens: 1, outputTokens: 2, cacheReadTokens: 3, cacheWriteTokens: 4)
        u += Usage(inputTokens: 10, outputTokens: 20, cacheReadTokens: 30, cacheWriteTokens: 40)
        #expect(u == Usage(inputTokens: 11, outputTokens: 22, cacheReadTokens: 33, cacheWriteTokens: 44))
        #expect(u.totalTokens == 110)
        #expect(
            u.json.serialized()
                == #"{"cache_read_tokens":33,"cache_write_tokens":44,"input_tokens":11,"output_tokens":22}"#)
    }
}
