import AxonCore
import AxonTesting
import AxonThreads
import Foundation
import Testing

/// Named threads through the built binary: resume across processes, the lease between processes, listings.
@Suite(.serialized, .timeLimit(.minutes(1))) struct ThreadCommandTests {
    let cli = AxonCLIRunner()

    @Test func aThreadResumesAcrossProcessesAndIsListed() async throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        for prompt in ["we chose postgres", "and redis for caching"] {
            let r = try await cli.run(["run", "-t", "design", "-p", prompt], cwd: ws.path)
            #expect(r.status == 0, "stderr: \(r.stderr)")
        }
        let history = try JSONValue(parsing: try await cli.run(["thread", "design", "--json"], cwd: ws.path).stdout)
        #expect(
            history.arrayValue?.map { $0["prompt"]?.stringValue } == ["we chose postgres", "and redis for caching"])
        #expect(history.arrayValue?.map { $0["n"]?.intValue } == [1, 2])

        let list = try JSONValue(parsing: try await cli.run(["threads", "--json"], cwd: ws.path).stdout)
        #expect(list.arrayValue?.first?["thread"]?.stringValue == "design")
        #expect(list.arrayValue?.first?["requests"]?.intValue == 2)
        #expect(list.arrayValue?.first?["sessions"]?.intValue == 2)

        // The second process sent the first request's messages to the model: its model.call has more input.
        let calls = ws.traceFiles().map { file in
            (try? TraceLines.read(file))?.first { $0["type"]?.stringValue == "model.call" }?["billing"]?[
                "input_tokens"]?.intValue ?? 0
        }
        #expect(calls.count == 2 && calls[1] > calls[0] + 5)
    }

    @Test func reindexRebuildsTheSameIndex() async throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        for i in 1...3 { _ = try await cli.run(["run", "-t", "t", "-p", "message \(i)"], cwd: ws.path) }
        let original = try ws.read("data/threads/t.jsonl")
        try FileManager.default.removeItem(atPath: ws.path + "/data/threads/t.jsonl")
        let r = try await cli.run(["threads", "--reindex"], cwd: ws.path)
        #expect(r.status == 0)
        #expect(r.stdout == "reindexed 1 thread (3 entries)\n")
        #expect(try ws.read("data/threads/t.jsonl") == original)
    }

    @Test func aBusyThreadTimesOutNamingItsHolderThenWaitsAndProceeds() async throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let holder = LeaseHolder(
            session: SessionID(rawValue: "HOLDER-SESSION"), pid: Int(getpid()), host: "testhost", since: .now())
        let lease = FileThreadLease(directory: ws.path + "/.axon/threads")
        let held = try await lease.acquire("busy", holder: holder, timeout: .seconds(1))

        let timedOut = try await cli.run(["run", "-t", "busy", "--lease-timeout", "0.3", "-p", "x"], cwd: ws.path)
        #expect(timedOut.status == 1)
        #expect(
            timedOut.stderr.contains(
                "thread 'busy' is busy: held by session HOLDER-SESSION (pid \(getpid()) on testhost)"),
            "stderr: \(timedOut.stderr)")

        // A waiting process proceeds as soon as the holder lets go.
        let cli = self.cli
        let path = ws.path
        let waiting = Task.detached {
            try await cli.run(["run", "-t", "busy", "--lease-timeout", "20", "-p", "y"], cwd: path)
        }
        try await Task.sleep(for: .milliseconds(400))
        await held.release()
        let proceeded = try await waiting.value
        #expect(proceeded.status == 0, "stderr: \(proceeded.stderr)")
        #expect(try ThreadIndex(dataDirectory: ws.path + "/data", thread: "busy").all().count == 1)
    }

    @Test func unknownAndInvalidThreadsAreUsageErrors() async throws {
        let ws = try TemporaryWorkspace()
        defer { ws.remove() }
        let missing = try await cli.run(["thread", "nope"], cwd: ws.path)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no thread 'nope'"))
        let invalid = try await cli.run(["run", "-t", "../x", "-p", "hi"], cwd: ws.path)
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("invalid thread name"))
    }
}
