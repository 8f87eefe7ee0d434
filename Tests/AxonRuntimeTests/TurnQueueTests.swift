import Testing

@testable import AxonRuntime

/// The FIFO turn a session's requests wait for: arrival order, and cancellation of a waiter.
@Suite(.timeLimit(.minutes(1))) struct TurnQueueTests {
    @Test func waitersGetTheTurnInArrivalOrder() async throws {
        let queue = TurnQueue()
        try await queue.acquire()
        let order = Pieces()
        var waiters: [Task<Void, any Error>] = []
        for i in 1...5 {
            waiters.append(
                Task {
                    try await queue.acquire()
                    order.add("\(i)")
                    queue.release()
                })
            #expect(await eventually { queue.waiting == i }, "waiter \(i) is queued")
        }
        queue.release()
        for waiter in waiters { try await waiter.value }
        #expect(order.joined == "12345")
        // The last release freed the turn: the next caller takes it without waiting.
        try await queue.acquire()
        queue.release()
    }

    @Test func aCancelledWaiterLeavesAtOnceAndNeverGetsTheTurn() async throws {
        let queue = TurnQueue()
        try await queue.acquire()
        let order = Pieces()
        func waiter(_ name: String) -> Task<Void, any Error> {
            Task {
                try await queue.acquire()
                order.add(name)
                queue.release()
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
        queue.release()
        try await a.value
        try await c.value
        #expect(order.joined == "ac")
    }

    @Test func aTaskCancelledBeforeItAsksNeverQueuesButTakesAFreeTurn() async throws {
        let queue = TurnQueue()
        try await queue.acquire()
        let late = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await queue.acquire()
        }
        await #expect(throws: CancellationError.self) { try await late.value }
        #expect(queue.waiting == 0)
        queue.release()
        // A free turn is taken even when cancelled: the holder's own work notices the cancellation.
        let free = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await queue.acquire()
            queue.release()
        }
        try await free.value
    }
}
