import ArgumentParser
import AxonConfig
import AxonCore
import AxonRuntime
import AxonWatch
import Dispatch
import Foundation

extension Axon {
    /// `axon watch`: the hot-load watcher, run on its own, printing each snapshot generation.
    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Watch the hot-load files and print each snapshot generation as it happens.",
            discussion: """
                Watches the files agents take their capabilities from: src/tools/, .agents/, data/knowledge/, \
                src/boot.md, \
                AGENTS.md and fleet.yaml, plus fleet.yaml's watch.extra. A lone change is printed at once; a \
                burst (a git checkout, a bulk write) is coalesced into one generation. Content is compared by \
                SHA-256, so a save without changes prints nothing. Generation 1 is the initial scan.

                Text output: `gen 3  +src/tools/a.sh  ~fleet.yaml  -data/knowledge/x.md` (+ added, ~ changed, \
                - removed). With --json, one object per line: \
                {"generation", "files", "added", "changed", "removed", "mode"}. If inotify is unavailable or \
                its limits are reached, the watcher polls and says which sysctl to raise (on stderr).
                Runs until interrupted (SIGINT or SIGTERM), then exits 0.

                Examples:
                  $ axon watch
                  $ axon watch --json | jq -c 'select(.changed | length > 0)'
                  $ axon watch --repo ../other-repo --poll
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        @Flag(help: "Poll instead of using inotify (for filesystems without change events: NFS, SMB, FUSE).")
        var poll = false

        mutating func run() async throws {
            let workspace = try global.workspace()
            // A broken fleet.yaml must not stop the watcher: it is the file being edited.
            let extra = (try? FleetLoader.load(path: workspace.fleetFile))?.watch.extra ?? []
            let watcher: Watcher<ContinuousClock>
            do {
                watcher = try Watcher(
                    root: workspace.root, paths: WatchPath.workspaceRoots(root: workspace.root, extra: extra),
                    options: WatchOptions(forcePolling: poll))
            } catch {
                throw CLIFailure.usage(error.description)
            }
            let signals = Self.stopOnSignals(watcher)
            defer { signals.forEach { $0.cancel() } }
            do {
                _ = try await watcher.start()
            } catch {
                throw CLIFailure.runtime(error.description)
            }
            var reported: WatchMode?
            for await snapshot in watcher.snapshots() {
                let mode = await watcher.mode
                if mode != reported, case .polling(let reason) = mode { Terminal.note("axon: watch: \(reason)") }
                reported = mode
                render(snapshot, mode: mode)
            }
        }

        private func render(_ snapshot: WatchSnapshot, mode: WatchMode) {
            let c = snapshot.changes
            if output.json {
                Terminal.json(
                    .object([
                        "generation": .int(Int(snapshot.generation)), "files": .int(snapshot.files.count),
                        "added": .array(c.added.map(JSONValue.string)),
                        "changed": .array(c.changed.map(JSONValue.string)),
                        "removed": .array(c.removed.map(JSONValue.string)), "mode": .string(mode.description),
                    ]))
                return
            }
            if snapshot.generation == 1 {
                Terminal.out("gen 1  \(snapshot.files.count) files  (\(mode))\n")
                return
            }
            let items = c.added.map { "+" + $0 } + c.changed.map { "~" + $0 } + c.removed.map { "-" + $0 }
            Terminal.out((["gen \(snapshot.generation)"] + items).joined(separator: "  ") + "\n")
        }

        /// SIGINT and SIGTERM stop the watcher, which ends the snapshot loop: the command returns, exit 0.
        private static func stopOnSignals(_ watcher: Watcher<ContinuousClock>) -> [any DispatchSourceSignal] {
            let queue = DispatchQueue(label: "axon.watch.signals")
            return [SIGINT, SIGTERM].map { number in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { Task { await watcher.stop() } }
                source.resume()
                return source
            }
        }
    }
}
