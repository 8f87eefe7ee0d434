#if os(Linux)
    import AxonControl
    import AxonFleet
    import AxonProcess
    import AxonTesting
    import Foundation
    import Synchronization
    import Testing

    /// The fleet's one watcher and its broadcast, with stand-in agents on the channels' other ends: no process,
    /// real inotify, real sockets.
    @Suite(.serialized, .timeLimit(.minutes(1))) struct FleetBroadcastTests {
        /// What an agent would do with its end: records what it is sent and acks when told to.
        final class StandIn: Sendable {
            final class Inbox: Sendable {
                let messages = Mutex<[ChannelMessage]>([])
            }
            let inbox = Inbox()
            let peer: ChannelPeer
            init(fd: Int32) {
                let inbox = inbox
                peer = ChannelPeer(fd: fd) { message in inbox.messages.withLock { $0.append(message) } }
            }
            var last: ChannelMessage? { inbox.messages.withLock { $0.last } }
        }

        func eventually(_ condition: () -> Bool) async -> Bool {
            for _ in 0..<1000 {
                if condition() { return true }
                try? await Task.sleep(for: .milliseconds(10))
            }
            return condition()
        }

        @Test func everyChannelGetsEachGenerationAndTheRoundIsReportedOnceAllAcked() async throws {
            let ws = try TemporaryWorkspace(files: ["src/tools/.keep": "", "data/knowledge/.keep": ""])
            defer { ws.remove() }
            let events = Mutex<[FleetEvent]>([])
            let broadcast = try await FleetBroadcast.start(root: ws.path, extra: []) { event in
                events.withLock { $0.append(event) }
            }
            let booted = broadcast.generation
            var agents: [String: StandIn] = [:]
            for id in ["a.1", "b.1"] {
                var spec = ProcessSpec(["true"], directory: ws.path, environment: [:])
                let end = try #require(broadcast.open(id, spec: &spec))
                #expect(spec.channel != nil && spec.environment["AXON_CHANNEL_FD"] == "3")
                #expect(spec.environment["AXON_GENERATION"] == String(booted), "spawned at the current generation")
                // Not spawned: the stand-in takes the agent's end over (so `end` is not closed here).
                agents[id] = StandIn(fd: try #require(spec.channel))
                _ = end
            }
            try ws.publish("src/tools/fresh.sh", "#!/bin/sh\necho fresh\n")
            #expect(
                await eventually {
                    agents.values.allSatisfy {
                        if case .capabilities(let g, ["tools"], _)? = $0.last { return g > booted }
                        return false
                    }
                }, "\(agents.mapValues(\.last))")
            guard case .capabilities(let generation, _, _)? = agents["a.1"]?.last else { return }
            #expect(broadcast.generation == generation)
            agents["a.1"]?.peer.send(.ack(generation: generation))
            #expect(await eventually { broadcast.acked()["a.1"] == .some(generation) })
            #expect(events.withLock { $0 }.isEmpty, "one agent has not acked yet")
            // A garbage line from an agent is ignored; its ack then completes the round.
            agents["b.1"]?.peer.send(.capabilities(generation: 99, scope: ["tools"]))
            agents["b.1"]?.peer.send(.ack(generation: generation))
            #expect(await eventually { !events.withLock { $0 }.isEmpty })
            let event = try #require(events.withLock { $0 }.first)
            guard case .hotLoad(generation, ["tools"], 2, 2, _) = event else {
                Issue.record("\(event)")
                return
            }
            #expect(event.description.hasPrefix("hot-load generation \(generation) (tools): acked by 2/2 agents in "))

            // An agent that ends without acking is no longer waited for; a later spawn boots at the new generation.
            agents["b.1"]?.peer.close()
            #expect(await eventually { broadcast.acked()["b.1"] == nil })
            try ws.publish("data/knowledge/fact.md", "# Fact\nSomething.\n")
            #expect(
                await eventually {
                    if case .capabilities(let g, ["prompt"], _)? = agents["a.1"]?.last { return g > generation }
                    return false
                })
            var late = ProcessSpec(["true"], directory: ws.path, environment: [:])
            _ = try #require(broadcast.open("c.1", spec: &late))
            #expect(late.environment["AXON_GENERATION"] == String(broadcast.generation))
            let lateAgent = StandIn(fd: try #require(late.channel))
            agents["a.1"]?.peer.send(.ack(generation: broadcast.generation))
            #expect(await eventually { events.withLock { $0 }.count == 2 }, "\(events.withLock { $0 })")
            #expect(events.withLock { $0 }.last?.description.contains("(prompt): acked by 1/1 agent in") == true)
            #expect(lateAgent.last == nil, "nothing to send a late agent: it booted at the current generation")
            await broadcast.stop()
            #expect(await eventually { broadcast.acked().isEmpty })
        }
    }
#endif
