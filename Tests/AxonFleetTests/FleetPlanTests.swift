import AxonConfig
import AxonCore
import AxonProcess
import Foundation
import Testing

@testable import AxonFleet

/// Plans from fleet.yaml, their diff, and how exits and events read.
@Suite struct FleetPlanTests {
    func config(_ yaml: String) throws -> FleetConfig {
        try FleetLoader.load(yaml: yaml, file: "fleet.yaml")
    }

    static let base = """
        models:
          offline: {provider: replay}
        defaults: {model: offline}
        agents:
          scout: {replicas: 2, prompt: "map it", every: 30m}
          reviewer: {run: review}
          helper: {}
          off: {replicas: 0}
        """

    @Test func everyAgentTimesItsReplicasInFileOrderWithStableIDs() throws {
        let plan = FleetPlan(config: try config(Self.base))
        #expect(plan.instances.map(\.id) == ["scout.1", "scout.2", "reviewer.1", "helper.1"])
        #expect(plan.instances.map(\.kind) == [.prompt, .prompt, .script, .persistent])
        #expect(plan["scout.2"]?.replica == 2 && plan["off.1"] == nil)
        #expect(plan["scout.1"]?.model?.key == "offline")
    }

    @Test func theDiffNamesAddedRemovedChangedAndScaled() throws {
        let old = FleetPlan(config: try config(Self.base))
        let next = FleetPlan(
            config: try config(
                """
                models:
                  offline: {provider: replay}
                defaults: {model: offline}
                agents:
                  scout: {replicas: 1, prompt: "map it", every: 30m}
                  reviewer: {run: review, env: {LOG_LEVEL: debug}}
                  helper: {}
                  fresh: {}
                """))
        let diff = old.diff(to: next)
        #expect(diff.added == ["fresh.1"])
        #expect(diff.removed == ["scout.2"], "scaling down stops the highest replica")
        #expect(diff.changed == ["reviewer.1"], "only env changed, and env counts")
        #expect(diff.scaled == [PlanDiff.Scale(agent: "scout", from: 2, to: 1)])
        #expect(old.diff(to: old).isEmpty)
    }

    @Test func aChangedModelEntryChangesItsAgentsAndScalingUpAddsTheNextReplicas() throws {
        let old = FleetPlan(config: try config(Self.base))
        let text = Self.base.replacingOccurrences(of: "{provider: replay}", with: "{provider: replay, model: other}")
            .replacingOccurrences(of: "replicas: 2", with: "replicas: 3")
        let diff = old.diff(to: FleetPlan(config: try config(text)))
        #expect(diff.changed == ["scout.1", "scout.2", "reviewer.1", "helper.1"], "every agent on that model")
        #expect(diff.added == ["scout.3"] && diff.removed.isEmpty)
        #expect(diff.scaled == [PlanDiff.Scale(agent: "scout", from: 2, to: 3)])
    }

    @Test func execFailureCodesAndSignalsAreClassified() {
        #expect(AgentExit(.exited(0)).isSuccess)
        #expect(AgentExit(.exited(1)) == .exited(1))
        #expect(AgentExit(.signaled(9)).description == "killed by SIGKILL")
        if case .execFailed = AgentExit(.exited(127)) {} else { Issue.record("127 is an exec failure") }
        if case .execFailed = AgentExit(.exited(126)) {} else { Issue.record("126 is an exec failure") }
    }

    @Test func eventsReadAsOneLineEach() {
        #expect(FleetEvent.started(id: "scout.1", pid: 123).description == "scout.1 started pid 123")
        #expect(
            FleetEvent.exited(id: "scout.1", .exited(1), next: .restart(after: .milliseconds(200))).description
                == "scout.1 exited 1, restarting in 0.2s")
        #expect(
            FleetEvent.exited(id: "a.1", .exited(1), next: .restart(after: .zero)).description
                == "a.1 exited 1, restarting now")
        #expect(
            FleetEvent.exited(id: "scout.1", .exited(1), next: .fatal(restarts: 5, window: .seconds(300))).description
                .hasPrefix("scout.1 fatal: 5 restarts in 5m"))
        #expect(
            FleetEvent.exited(id: "p.1", .exited(0), next: .completed(nextRun: .milliseconds(1500))).description
                == "p.1 exited 0, completed; next run in 1.5s")
        #expect(FleetEvent.seconds(.seconds(90)) == "1m30s" && FleetEvent.seconds(.seconds(30)) == "30s")
        #expect(FleetEvent.seconds(.milliseconds(45)) == "45ms" && FleetEvent.seconds(.milliseconds(149)) == "0.1s")
    }
}
