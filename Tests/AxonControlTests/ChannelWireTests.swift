#if os(Linux)
    import AxonControl
    import Foundation
    import Synchronization
    import Testing

    /// The fleet channel's lines (docs/fleet.md, "Control channel"), its latest-wins merge, and a real
    /// socketpair carrying them past garbage.
    @Suite struct ChannelWireTests {
        static let lines: [(String, ChannelMessage)] = [
            (
                #"{"v":1,"type":"capabilities","generation":7,"scope":["tools","prompt"]}"#,
                .capabilities(generation: 7, scope: ["tools", "prompt"])
            ),
            (#"{"v":1,"type":"capabilities","generation":2,"scope":[]}"#, .capabilities(generation: 2, scope: [])),
            (
                #"{"v":1,"type":"capabilities","generation":3,"paths":["src/tools/a.sh"],"scope":["tools"]}"#,
                .capabilities(generation: 3, scope: ["tools"], paths: ["src/tools/a.sh"])
            ),
            (#"{"v":1,"type":"ack","generation":7}"#, .ack(generation: 7)),
            (
                #"{"v":1,"type":"activity","cost_usd":0.25,"last_status":"ok","request":"r2","session":"s1","tokens":120}"#,
                .activity(AgentActivity(session: "s1", request: "r2", lastStatus: "ok", tokens: 120, costUSD: 0.25))
            ),
            (
                #"{"v":1,"type":"activity","cost_usd":0,"last_status":null,"request":null,"session":"s1","tokens":0}"#,
                .activity(AgentActivity(session: "s1"))
            ),
        ]

        @Test func eachLineDecodesToItsMessageAndEncodesBackByteForByte() throws {
            for (line, message) in Self.lines {
                #expect(try ChannelWire.decode(line) == message, "\(line)")
                #expect(ChannelWire.encode(message) == line)
            }
            // Unknown fields are a newer peer's: ignored.
            #expect(try ChannelWire.decode(#"{"v":1,"type":"ack","generation":3,"at":"x"}"#) == .ack(generation: 3))
        }

        @Test func badLinesAreRefusedWithACode() {
            let bad: [(String, String)] = [
                ("not json", "bad_json"),
                ("[1,2]", "bad_json"),
                (#"{"type":"ack","generation":1}"#, "bad_request"),
                (#"{"v":2,"type":"ack","generation":1}"#, "unsupported_version"),
                (#"{"v":1,"type":"snapshot","generation":1}"#, "unknown_type"),
                (#"{"v":1,"type":"ack"}"#, "bad_request"),
                (#"{"v":1,"type":"ack","generation":-1}"#, "bad_request"),
                (#"{"v":1,"type":"ack","generation":"7"}"#, "bad_request"),
                (#"{"v":1,"type":"capabilities","generation":1}"#, "bad_request"),
                (#"{"v":1,"type":"capabilities","generation":1,"scope":["tools",3]}"#, "bad_request"),
                (#"{"v":1,"type":"activity","tokens":1,"cost_usd":0}"#, "bad_request"),
                (#"{"v":1,"type":"activity","session":"s","tokens":-1,"cost_usd":0}"#, "bad_request"),
                (#"{"v":1,"type":"activity","session":"s","tokens":1,"cost_usd":-0.5}"#, "bad_request"),
            ]
            for (line, code) in bad {
                #expect(throws: ControlError.self, "\(line)") { try ChannelWire.decode(line) }
                do {
                    _ = try ChannelWire.decode(line)
                } catch {
                    #expect(error.code == code, "\(line): \(error)")
                }
            }
        }

        @Test func pendingMessagesMergeToTheLatestStateNotAQueue() {
            var pending = LatestWins()
            #expect(pending.isEmpty && pending.take().isEmpty)
            pending.add(.capabilities(generation: 3, scope: ["tools"]))
            pending.add(.capabilities(generation: 5, scope: ["prompt"]))
            pending.add(.capabilities(generation: 4, scope: ["tools", "mcp"]))
            pending.add(.ack(generation: 9))
            pending.add(.ack(generation: 8))
            pending.add(.activity(AgentActivity(session: "s", request: "r1", tokens: 5)))
            pending.add(.activity(AgentActivity(session: "s", lastStatus: "ok", tokens: 9)))
            // One line per kind: the newest generation, the union of the parts (in arrival order), the newest
            // activity (each carries the whole state).
            #expect(
                pending.take() == [
                    .capabilities(generation: 5, scope: ["tools", "prompt", "mcp"]), .ack(generation: 9),
                    .activity(AgentActivity(session: "s", lastStatus: "ok", tokens: 9)),
                ])
            #expect(pending.isEmpty)
            pending.add(.capabilities(generation: 6, scope: []))
            #expect(pending.take() == [.capabilities(generation: 6, scope: [])])
        }

        @Test func changedPathsMergeAsAUnionAndUnknownWins() throws {
            var pending = LatestWins()
            pending.add(.capabilities(generation: 3, scope: ["tools"], paths: ["src/tools/b.sh"]))
            pending.add(.capabilities(generation: 4, scope: ["tools"], paths: ["src/tools/a.sh", "src/tools/b.sh"]))
            #expect(
                pending.take() == [
                    .capabilities(generation: 4, scope: ["tools"], paths: ["src/tools/a.sh", "src/tools/b.sh"])
                ])
            pending.add(.capabilities(generation: 5, scope: ["tools"], paths: ["src/tools/a.sh"]))
            pending.add(.capabilities(generation: 6, scope: ["prompt"]))
            #expect(pending.take() == [.capabilities(generation: 6, scope: ["tools", "prompt"], paths: nil)])
            // A malformed list is no list: every file is looked at.
            #expect(
                try ChannelWire.decode(#"{"v":1,"type":"capabilities","generation":1,"scope":[],"paths":[1]}"#)
                    == .capabilities(generation: 1, scope: [], paths: nil))
        }

        @Test func aPeerThatDoesNotReadGetsTheLatestStateOnceItDoesNotEveryStep() async throws {
            let (mine, theirs) = try #require(ChannelPeer.pair())
            let peer = ChannelPeer(fd: mine, onMessage: { _ in })
            // Far more than the socket buffer holds: the writer blocks, and what follows merges while it does.
            let sent = 200_000
            for generation in 1...sent {
                peer.send(.capabilities(generation: generation, scope: [generation == sent ? "mcp" : "tools"]))
            }
            var lines: [String] = []
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while lines.last.map({ !$0.contains("\"generation\":\(sent),") }) ?? true {
                let n = buffer.withUnsafeMutableBytes { read(theirs, $0.baseAddress, $0.count) }
                guard n > 0 else { break }
                pending += buffer[0..<n]
                while let newline = pending.firstIndex(of: 0x0A) {
                    lines.append(String(decoding: pending[..<newline], as: UTF8.self))
                    pending.removeSubrange(...newline)
                }
            }
            #expect(lines.count < sent, "merged, not queued")
            let last = try ChannelWire.decode(try #require(lines.last))
            guard case .capabilities(sent, let scope, _) = last else {
                Issue.record("\(last)")
                return
            }
            #expect(scope.contains("mcp"), "the last step's part is in the merged line")
            let generations = try lines.map { line -> Int in
                guard case .capabilities(let g, _, _) = try ChannelWire.decode(line) else { return -1 }
                return g
            }
            #expect(generations == generations.sorted() && Set(generations).count == generations.count)
            peer.close()
            close(theirs)
        }

        @Test func aPeerDeliversValidLinesSkipsGarbageAndSeesTheEnd() async throws {
            let (mine, theirs) = try #require(ChannelPeer.pair())
            let received = Mutex<[ChannelMessage]>([])
            let (ends, ended) = AsyncStream.makeStream(of: Void.self)
            let peer = ChannelPeer(
                fd: mine, onMessage: { message in received.withLock { $0.append(message) } },
                onClose: { ended.yield() })
            let garbage =
                "\u{0}\u{ff}garbage\n{\"v\":1,\"type\":\"ack\"}\n\n{\"v\":1,\"type\":\"ack\",\"generation\":4}\n"
                + String(repeating: "x", count: 70_000) + "\n"
            for line in [garbage, ChannelWire.encode(.capabilities(generation: 5, scope: ["tools"])) + "\n"] {
                let bytes = Array(line.utf8)
                #expect(bytes.withUnsafeBytes { write(theirs, $0.baseAddress, $0.count) } == bytes.count)
            }
            // The peer's own sends arrive on the other end, as whole lines.
            peer.send(.ack(generation: 2))
            var buffer = [UInt8](repeating: 0, count: 256)
            let n = buffer.withUnsafeMutableBytes { read(theirs, $0.baseAddress, $0.count) }
            #expect(
                String(decoding: buffer[0..<max(n, 0)], as: UTF8.self) == #"{"v":1,"type":"ack","generation":2}"# + "\n"
            )
            close(theirs)
            for await _ in ends { break }
            #expect(received.withLock { $0 } == [.ack(generation: 4), .capabilities(generation: 5, scope: ["tools"])])
            peer.send(.ack(generation: 3))  // after the end: dropped, no crash
            peer.close()
        }

        @Test func oneThreadReadsEveryChannelOfTheProcess() async throws {
            let count = 24
            let received = Mutex<[Int]>([])
            var others: [Int32] = []
            var peers: [ChannelPeer] = []
            for _ in 0..<count {
                let (mine, theirs) = try #require(ChannelPeer.pair())
                others.append(theirs)
                peers.append(
                    ChannelPeer(
                        fd: mine,
                        onMessage: { message in
                            if case .ack(let generation) = message { received.withLock { $0.append(generation) } }
                        }))
            }
            for (n, fd) in others.enumerated() {
                let line = Array((ChannelWire.encode(.ack(generation: n)) + "\n").utf8)
                #expect(line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == line.count)
            }
            for _ in 0..<500 where received.withLock({ $0.count }) < count {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(received.withLock { $0.sorted() } == Array(0..<count))
            let readers = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []).filter {
                (try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8))?
                    .hasPrefix("axon-channel") == true
            }
            #expect(readers.count == 1, "one reading thread for \(count) channels, not one each")
            for peer in peers { peer.close() }
            for fd in others { close(fd) }
        }
    }
#endif
