#!/usr/bin/env bash
# Benchmark: hot-load inside one idle session (bench/AxonBench/HotLoadBench.swift), all in process:
#   latency  a tool file renamed into src/tools/ → the session's onReload (its capabilities.reloaded line
#            written and committed), beside `inotifywait -m` (the floor) on the same renames, 120 ms apart.
#            Target: p50 ≤ 3 ms, p99 ≤ 10 ms. Then the same with a new version of one tool each time
#            (latency-replace: the catalog stays at one file, where the first grows to TRIALS files).
#   call     an executable tool through session.tools.call beside a bare posix_spawn of the same script
#            (stdin/stdout piped), interleaved; unsandboxed (the target: ≤ 1.5×) and under bwrap.
#   burst    5,000 tool files + 5,000 knowledge files renamed into place → all in the registry; generations
#            applied (target ≤ 3); RSS growth; what the next request is offered.
# Results go to docs/benchmarks.md by hand.
# Usage: bench/hot-load.sh [TRIALS] [CALLS] [BURST_FILES]
set -euo pipefail
cd "$(dirname "$0")/.."
trials="${1:-200}"
calls="${2:-300}"
files="${3:-10000}"
# Not --static-swift-stdlib (as bench/mcp-call.sh): axon-bench links AxonRuntime and with it the MCP SDK, whose
# static link needs libcurl's development symlink. The stdlib's linkage does not change these timings.
swift build -c release --product axon-bench >&2

if ! command -v inotifywait >/dev/null 2>&1; then
    echo "installing inotify-tools for the comparison" >&2
    apt-get update -qq >&2 && apt-get install -y -qq inotify-tools >&2
fi

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
.build/release/axon-bench hot-load latency "$trials" latency-replace "$trials" call "$calls" burst "$files"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
