import AxonCore
import AxonTesting
import Foundation
import Synchronization
import Testing

@testable import AxonThreads

@Suite(.serialized, .timeLimit(.minutes(1))) struct ThreadLeaseTests {
    let holder = LeaseHolder(
        session: SessionID(rawValue: "S1"), pid: 42, host: "box", since: Timestamp(milliseconds: 0))

    @Test func aSecondRequestInTheSameProcessQueuesThenProceeds() async throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let lease = FileThreadLease(directory: ws.path + "/locks")
        let first = try await lease.acquire("t", holder: holder, timeout: .seconds(5))
        let order = Mutex<[String]>([])
        let second = Task {
            let held = try await lease.acquire("t", holder: holder, timeout: .seconds(5))
            order.withLock { $0.append("second") }
            await held.release()
        }
        try await Task.sleep(for: .milliseconds(100))
        order.withLock { $0.append("first releases") }
        await first.release()
        try await second.value
        #expect(order.withLock { $0 } == ["first releases", "second"])
    }

    @Test func anotherHolderMakesUsWaitThenTimeOutNamingIt() async throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        // A second lease object opens its own file description: to flock it is another process.
        let other = FileThreadLease(directory: ws.path + "/locks")
        let mine = FileThreadLease(directory: ws.path + "/locks")
        let held = try await other.acquire("t", holder: holder, timeout: .seconds(1))
        let started = ContinuousClock.now
        await #expect {
            _ = try await mine.acquire(
                "t", holder: LeaseHolder(session: SessionID(rawValue: "S2"), pid: 7, host: "h", since: .now()),
                timeout: .milliseconds(200))
        } throws: { error in
            guard case .busy(_, let named?, _) = error as? ThreadsError else { return false }
            return named == holder && (error as! ThreadsError).description.contains("session S1 (pid 42 on box)")
        }
        #expect(ContinuousClock.now - started >= .milliseconds(200))
        await held.release()
        let now = try await mine.acquire("t", holder: holder, timeout: .milliseconds(200))
        await now.release()
    }

    @Test func releaseIsIdempotentAndOtherThreadsAreIndependent() async throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let lease = FileThreadLease(directory: ws.path + "/locks")
        let a = try await lease.acquire("a", holder: holder, timeout: .seconds(1))
        let b = try await lease.acquire("b", holder: holder, timeout: .milliseconds(100))
        await a.release()
        await a.release()
        await b.release()
        let again = try await lease.acquire("a", holder: holder, timeout: .milliseconds(100))
        await again.release()
    }

    @Test func cancellationStopsTheWait() async throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let other = FileThreadLease(directory: ws.path + "/locks")
        let held = try await other.acquire("t", holder: holder, timeout: .seconds(1))
        let waiter = Task {
            try await FileThreadLease(directory: ws.path + "/locks").acquire("t", holder: holder, timeout: .seconds(30))
        }
        try await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        await #expect(throws: ThreadsError.cancelled(thread: "t")) { _ = try await waiter.value }
        await held.release()
    }
}
