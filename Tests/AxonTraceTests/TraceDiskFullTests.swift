#if os(Linux)
    import AxonCore
    import AxonTesting
    import Glibc
    import Testing

    @testable import AxonTrace

    /// Fills a 64 KiB tmpfs: the writer must report `diskFull`, refuse further lines, and leave a trace that parses
    /// cleanly with every committed line. Needs root (mount); skipped with a message otherwise.
    @Suite(.serialized, .timeLimit(.minutes(1))) struct TraceDiskFullTests {
        @Test func diskFullRollsBackAndKeepsEveryCommittedLine() async throws {
            let dir = try TemporaryWorkspace(prefix: "axon-full")
            defer { dir.remove() }
            guard let mount = TmpfsMount(path: dir.path, size: "64k") else {
                print("TraceDiskFullTests: skipped (needs root to mount a tmpfs)")
                return
            }
            defer { mount.unmount() }

            let w = try TraceWriter(directory: dir.path, session: TraceSamples.session)
            let text = String(repeating: "lorem ipsum ", count: 60)
            var committed = 0
            var failure: TraceError?
            fill: for i in 1...1000 {
                do throws(TraceError) {
                    try await w.append(.message(.assistant("\(i) \(text)")))
                    if i % 5 == 0 {
                        try await w.commit()
                        committed = i
                    }
                } catch {
                    failure = error
                    break fill
                }
            }
            #expect(failure == .diskFull(path: w.path))
            #expect(failure?.description.contains("free space") == true)
            await #expect(throws: TraceError.diskFull(path: w.path)) { try await w.append(.requestStart(prompt: "x")) }
            await #expect(throws: TraceError.diskFull(path: w.path)) { try await w.commit() }
            try? await w.close()

            let read = try TraceReader.read(path: w.path)
            #expect(read.tornTail == nil)
            #expect(committed > 0)
            #expect(read.entries.count >= committed)
            #expect(read.entries.map(\.seq) == Array(1...read.entries.count))
        }
    }
#endif
