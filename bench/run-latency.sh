#!/usr/bin/env bash
# Benchmark: `axon run -p` on the replay model, process start → answer printed, and peak RSS.
# Release build with a static Swift stdlib, as shipped. Results go to docs/benchmarks.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib -Xlinker -no-pie >&2
.build/release/axon-bench run-latency "$PWD/.build/release/axon" "${1:-100}"
