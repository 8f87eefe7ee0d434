import AxonCore
import AxonFleet
import Testing

@Suite struct ReplicaChoiceTests {
    func candidate(_ n: Int, queued: Int?, threads: [String] = []) -> ReplicaChoice.Candidate {
        guard let queued else { return ReplicaChoice.Candidate(path: "r\(n)", status: nil) }
        return ReplicaChoice.Candidate(
            path: "r\(n)",
            status: [
                "busy": .bool(queued > 0), "queued": .int(queued), "threads": .array(threads.map { .string($0) }),
            ])
    }

    @Test func anIdleReplicaComesFirstThenTheShortestQueue() {
        let order = ReplicaChoice.order(
            [candidate(1, queued: 3), candidate(2, queued: 1), candidate(3, queued: 0), candidate(4, queued: 0)],
            thread: nil)
        #expect(order == ["r3", "r4", "r2", "r1"])
    }

    @Test func aRequestOnAThreadJoinsTheReplicaAlreadyOnIt() {
        let order = ReplicaChoice.order(
            [candidate(1, queued: 0), candidate(2, queued: 2, threads: ["deploy"])], thread: "deploy")
        #expect(order.first == "r2", "the lease would make it wait there anyway")
        #expect(
            ReplicaChoice.order([candidate(1, queued: 0), candidate(2, queued: 2)], thread: "deploy") == ["r1", "r2"])
    }

    @Test func replicasThatDoNotAnswerAreSkipped() {
        #expect(ReplicaChoice.order([candidate(1, queued: nil), candidate(2, queued: 5)], thread: nil) == ["r2"])
        #expect(ReplicaChoice.order([candidate(1, queued: nil)], thread: nil).isEmpty)
    }

    @Test func anOlderAgentWithoutQueuedCountsByBusy() {
        let old = ReplicaChoice.Candidate(path: "old", status: ["busy": .bool(true)])
        #expect(ReplicaChoice.order([old, candidate(2, queued: 0)], thread: nil) == ["r2", "old"])
    }
}
