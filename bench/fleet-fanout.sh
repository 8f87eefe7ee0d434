#!/usr/bin/env bash
# Benchmark: hot-load fan-out in a fleet (bench/AxonBench/FleetFanout.swift): a real `axon up` of AGENTS
# persistent agents on the replay model; each trial renames a new tool file into src/tools/ and times it until
# the supervisor prints `hot-load generation G (tools): acked by AGENTS/AGENTS agents` (its one watcher saw
# the rename, every agent got the generation on its channel, re-read its tools and acked), beside
# `inotifywait -m` (the floor) on the same renames, 150 ms apart. Target: p50 ≤ 10 ms, p99 ≤ 30 ms at 32 agents.
# Results go to docs/benchmarks.md by hand.
# Usage: bench/fleet-fanout.sh [AGENTS] [TRIALS]     (CONFIG=debug for a debug build)
set -euo pipefail
cd "$(dirname "$0")/.."
agents="${1:-32}"
trials="${2:-100}"
config="${CONFIG:-release}"
swift build -c "$config" --product axon >&2
swift build -c "$config" --product axon-bench >&2

if ! command -v inotifywait >/dev/null 2>&1; then
    echo "installing inotify-tools for the comparison" >&2
    apt-get update -qq >&2 && apt-get install -y -qq inotify-tools >&2
fi

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) ($config build)"
".build/$config/axon-bench" fleet-fanout --agents "$agents" --trials "$trials" --axon "$PWD/.build/$config/axon"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
