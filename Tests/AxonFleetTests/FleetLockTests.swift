#if os(Linux)
    import AxonTesting
    import Foundation
    import Testing

    @testable import AxonFleet

    /// One supervisor per repo: the lock, its holder's pid, and its release.
    @Suite struct FleetLockTests {
        @Test func aSecondLockFailsNamingTheHolderUntilTheFirstIsReleased() throws {
            let ws = try TemporaryWorkspace()
            defer { ws.remove() }
            let state = ws.path + "/.axon"
            #expect(FleetLock.holder(stateDirectory: state) == nil)
            let first = try FleetLock.acquire(stateDirectory: state)
            #expect(FleetLock.holder(stateDirectory: state) == getpid())
            #expect(throws: FleetError.alreadyRunning(pid: getpid(), lock: state + "/fleet.lock")) {
                try FleetLock.acquire(stateDirectory: state)
            }
            first.release()
            #expect(FleetLock.holder(stateDirectory: state) == nil)
            let again = try FleetLock.acquire(stateDirectory: state)
            again.release()
        }
    }
#endif
