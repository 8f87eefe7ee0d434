import AxonControl
import AxonCore
import AxonTrace
import Testing

@testable import AxonFleet

/// The spend `budget:` is held to, and the activity an agent reports from its trace entries.
@Suite struct SpendLedgerTests {
    @Test func spendIsTheTracesPlusEachSessionAsReportedCountedOnce() {
        var ledger = SpendLedger(settled: ["scout": 1.5])
        ledger.record(instance: "scout.1", agent: "scout", session: "s1", costUSD: 0.25)
        // A later report of the same session replaces the earlier one: totals, not increments.
        ledger.record(instance: "scout.1", agent: "scout", session: "s1", costUSD: 0.5)
        ledger.record(instance: "scout.2", agent: "scout", session: "s2", costUSD: 1)
        ledger.record(instance: "other.1", agent: "other", session: "s3", costUSD: 2)
        #expect(ledger.spent(by: "scout") == 3)
        #expect(ledger.spent(by: "other") == 2 && ledger.spent(by: "nobody") == 0)
        #expect(ledger.total == 5)
        // A new session of an instance settles the one before it.
        ledger.record(instance: "scout.1", agent: "scout", session: "s4", costUSD: 0.25)
        #expect(ledger.spent(by: "scout") == 3.25)
        ledger.settle("scout.1")
        ledger.settle("scout.1")
        #expect(ledger.spent(by: "scout") == 3.25 && ledger.settled["scout"] == 2.25)
    }

    @Test func theTallyReportsEachEntryOfARequestAndEveryModelCall() {
        let session = SessionID(rawValue: "s1")
        func entry(_ event: TraceEvent, request: Int?) -> TraceEntry {
            TraceEntry(
                seq: 1, ts: .now(), session: session, thread: nil, request: request.map { RequestID(ordinal: $0) },
                event: event)
        }
        let billing = Billing(usage: Usage(inputTokens: 100, outputTokens: 20), costUSD: 0.01)
        var tally = ActivityTally(session: "s1")
        #expect(tally.add(entry(.knowledgeLoaded(files: [], truncated: false), request: nil)) == nil)
        #expect(tally.add(entry(.requestStart(prompt: "hi"), request: 1))?.request == "r1")
        let called = tally.add(
            entry(.modelCall(provider: "replay", model: "demo", durationMS: 3, billing: billing), request: 1))
        #expect(called == AgentActivity(session: "s1", request: "r1", tokens: 120, costUSD: 0.01))
        #expect(tally.add(entry(.toolCall(tool: "t", callID: "c", arguments: [:]), request: 1)) != nil)
        let ended = tally.add(entry(.requestEnd(status: .looping, usage: .zero, costUSD: 0), request: 1))
        #expect(ended == AgentActivity(session: "s1", lastStatus: "looping", tokens: 120, costUSD: 0.01))
        // A model call outside a request (a compaction's) still counts toward the budget.
        let outside = tally.add(
            entry(.modelCall(provider: "replay", model: "demo", durationMS: 3, billing: billing), request: nil))
        #expect(outside?.costUSD == 0.02 && outside?.request == nil)
    }
}
