#!/usr/bin/env bash
# Benchmark: resume a named thread with N prior requests (default 10,000; try 100000) from a 100k-token context.
# Release build, static stdlib. Needs ~5 KB of disk per request (500 MB for 100,000), removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib -Xlinker -no-pie >&2
.build/release/axon-bench thread-resume "$PWD/.build/release/axon" "${1:-10000}"
