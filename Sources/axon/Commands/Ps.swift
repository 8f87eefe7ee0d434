import ArgumentParser
import AxonCore
import AxonFleet
import Foundation

extension Axon {
    /// `axon ps`: the running fleet's instances, as its supervisor reports them.
    struct Ps: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the running fleet's instances: state, pid, uptime, restarts, session.",
            discussion: """
                Asks the supervisor (`axon up`, `axon up -d`) on its control socket. One row per instance: AGENT, \
                REPLICA, PID, STATE, UPTIME, RESTARTS (by the restart policy), GEN (the hot-load generation it \
                acked), TOKENS and USD its session spent, SESSION and THREAD when known, and a NOTE (a pending \
                restart, the next scheduled run, why an instance is fatal or stopped). States: starting, idle (a \
                persistent agent waiting for requests), working, looping (its last request repeated one tool \
                call), stalled (a request without progress for `stall_after`), backoff, completed, stopped, \
                fatal, exec-failed (docs/fleet.md). Exit 3 when no fleet is running in the repo.

                Examples:
                  $ axon ps
                  $ axon ps --json | jq -r '.instances[] | select(.state == "fatal") | .id'
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        mutating func run() async throws {
            let workspace = try global.workspace()
            let status = try await SupervisorClient.status(workspace)
            if output.json {
                Terminal.json(.object(status.fields))
                return
            }
            Terminal.out(Self.render(status))
        }

        /// The heading line and the table (what `axon ps` prints and `axon up` keeps live on a terminal).
        static func render(_ status: FleetStatus) -> String {
            let count = status.instances.count
            var table = Table([
                "AGENT", "REPLICA", "PID", "STATE", "UPTIME", "RESTARTS", "GEN", "TOKENS", "USD", "SESSION", "THREAD",
                "NOTE",
            ])
            for row in status.instances {
                table.add([
                    row.agent, String(row.replica), row.pid.map(String.init) ?? "-", row.state.rawValue,
                    row.uptime.map(Format.uptime) ?? "-", String(row.restarts), row.generation.map(String.init) ?? "-",
                    row.tokens.map(String.init) ?? "-", row.costUSD.map(Format.usd) ?? "-", row.session ?? "-",
                    row.thread ?? "-", Self.note(row),
                ])
            }
            let rejected =
                status.configProblems.isEmpty
                ? ""
                : "fleet.yaml changed but is not valid; running as it was:\n"
                    + status.configProblems.map { "  " + $0 + "\n" }.joined()
            return "fleet: \(status.phase), supervisor pid \(status.pid), up \(Format.uptime(status.uptime)), "
                + "\(count) instance\(count == 1 ? "" : "s")\n" + rejected + table.render()
        }

        static func note(_ row: FleetStatus.Instance) -> String {
            switch row.state {
            case .backoff: return "restart in " + (row.next.map(Format.uptime) ?? "?")
            case .fatal, .execFailed:
                return [row.reason, row.lastExit.map { "last run \($0)" }].compactMap { $0 }.joined(separator: "; ")
                    + "; axon restart \(row.id)"
            case .completed, .stopped:
                let next = row.next.map { "next run in " + Format.uptime($0) }
                return [row.lastExit, next].compactMap { $0 }.joined(separator: "; ")
            default: return ""
            }
        }
    }
}

extension Format {
    /// `0.4s`, `45s`, `12m3s`, `2h5m`, `3d4h`: two units at most.
    static func uptime(_ d: Duration) -> String {
        let ms = d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
        let s = ms / 1000
        if s < 10 { return "\(ms / 100 / 10).\(ms / 100 % 10)s" }
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(s % 60)s" }
        if s < 86400 { return "\(s / 3600)h\(s % 3600 / 60)m" }
        return "\(s / 86400)d\(s % 86400 / 3600)h"
    }
}
