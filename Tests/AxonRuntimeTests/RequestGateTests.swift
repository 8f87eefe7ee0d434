import AxonTesting
import Testing

@testable import AxonRuntime

/// What a session's requests wait for: arrival order, one request per thread, the limit, the whole session,
/// and cancellation of a waiter.
@Suite(.timeLimit(.minutes(1))) struct RequestGateTests {
    @Test func waitersGetTheTurnInArrivalOrder() async throws {
        let queue = RequestGate()
        try await queue.acquire(.thread("t"))
        let order = Pieces()
        var waiters: [Task<Void, any Error>] = []
        for i in 1...5 {
            waiters.append(
                Task {
                    try await queue.acquire(.thread("t"))
                    order.add("\(i)")
                    queue.release(.thread("t"))
                })
            #expect(await eventually { queue.waiting == i }, "waiter \(i) is queued")
        }
        queue.release(.thread("t"))
        for waiter in waiters { try await waiter.value }
        #expect(order.joined == "12345")
        // The last release freed the turn: the next caller takes it without waiting.
        try await queue.acquire(.thread("t"))
        queue.release(.thread("t"))
    }

    @Test func aCancelledWaiterLeavesAtOnceAndNeverGetsTheTurn() async throws {
        let queue = RequestGate()
        try await queue.acquire(.thread("t"))
        let order = Pieces()
        func waiter(_ name: String) -> Task<Void, any Error> {
            Task {
                try await queue.acquire(.thread("t"))
                order.add(name)
                queue.release(.thread("t"))
            }
        }
        let a = waiter("a")
        #expect(await eventually { queue.waiting == 1 })
        let b = waiter("b")
        #expect(await eventually { queue.waiting == 2 })
        let c = waiter("c")
        #expect(await eventually { queue.waiting == 3 })
        b.cancel()
        // The turn is still held: b's wait ended because it was cancelled, not because its turn came.
        await #expect(throws: CancellationError.self) { try await b.value }
        #expect(queue.waiting == 2)
        queue.release(.thread("t"))
        try await a.value
        try await c.value
        #expect(order.joined == "ac")
    }

    @Test func aTaskCancelledBeforeItAsksNeverQueuesButTakesAFreeTurn() async throws {
        let queue = RequestGate()
        try await queue.acquire(.thread("t"))
        let late = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await queue.acquire(.thread("t"))
        }
        await #expect(throws: CancellationError.self) { try await late.value }
        #expect(queue.waiting == 0)
        queue.release(.thread("t"))
        // A free turn is taken even when cancelled: the holder's own work notices the cancellation.
        let free = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await queue.acquire(.thread("t"))
            queue.release(.thread("t"))
        }
        try await free.value
    }

    @Test func threadsRunConcurrentlyUpToTheLimitAndEachThreadInOrder() async throws {
        let gate = RequestGate(limit: 2)
        try await gate.acquire(.thread("a"))
        try await gate.acquire(.thread("b"))
        #expect(gate.running == 2)
        let order = Pieces()
        // c waits for room; a2 waits for a. Releasing b makes room: c fits, a2 does not (a is still busy).
        let c = Task {
            try await gate.acquire(.thread("c"))
            order.add("c")
        }
        #expect(await eventually { gate.waiting == 1 })
        let a2 = Task {
            try await gate.acquire(.thread("a"))
            order.add("a2")
        }
        #expect(await eventually { gate.waiting(for: "a") == 1 })
        gate.release(.thread("b"))
        try await c.value
        #expect(order.joined == "c")
        #expect(gate.waiting(for: "a") == 1, "a2 waits for a, not for room")
        gate.release(.thread("a"))
        try await a2.value
        #expect(order.joined == "ca2")
        gate.release(.thread("c"))
        gate.release(.thread("a"))
        #expect(!gate.isBusy)
    }

    @Test func aRequestForABusyThreadDoesNotHoldUpAnotherThread() async throws {
        let gate = RequestGate(limit: 4)
        try await gate.acquire(.thread("a"))
        let a2 = Task { try await gate.acquire(.thread("a")) }
        #expect(await eventually { gate.waiting == 1 })
        // b arrives after a2 but fits now: it does not queue behind a2 (it once did, until a's release).
        try await gate.acquire(.thread("b"))
        #expect(gate.running == 2)
        gate.release(.thread("b"))
        gate.release(.thread("a"))
        try await a2.value
        gate.release(.thread("a"))
    }

    @Test func theWholeSessionWaitsForEveryRequestAndNothingOvertakesIt() async throws {
        let gate = RequestGate(limit: 4)
        try await gate.acquire(.thread("a"))
        let order = Pieces()
        let whole = Task {
            try await gate.acquire(.whole)
            order.add("whole")
            gate.release(.whole)
        }
        #expect(await eventually { gate.waiting == 1 })
        // Room for b, but the whole claim waits before it: b waits too (an end is never starved).
        let b = Task {
            try await gate.acquire(.thread("b"))
            order.add("b")
            gate.release(.thread("b"))
        }
        #expect(await eventually { gate.waiting == 2 })
        gate.release(.thread("a"))
        try await whole.value
        try await b.value
        #expect(order.joined == "wholeb")
    }

    @Test func cancellingTheWaiterThatHeldOthersUpLetsThemIn() async throws {
        let gate = RequestGate(limit: 4)
        try await gate.acquire(.thread("a"))
        let whole = Task { try await gate.acquire(.whole) }
        #expect(await eventually { gate.waiting == 1 })
        let b = Task { try await gate.acquire(.thread("b")) }
        #expect(await eventually { gate.waiting == 2 })
        whole.cancel()
        await #expect(throws: CancellationError.self) { try await whole.value }
        try await b.value
        #expect(gate.running == 2)
        gate.release(.thread("b"))
        gate.release(.thread("a"))
    }
}
