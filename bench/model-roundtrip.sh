#!/usr/bin/env bash
# Benchmark: client CPU per agent round trip with one tool call (2 streamed Chat Completions calls + 1 tool),
# axon's OpenAI provider beside the OpenAI Agents SDK for Python, against the same local endpoint
# (bench/model-roundtrip/server.py), back to back and after an idle gap. Results go to docs/benchmarks.md.
# The SDK also runs non-streamed (Runner.run), for reference; axon always streams.
# Usage: bench/model-roundtrip.sh [ROUND_TRIPS] [GAP_MS]
set -euo pipefail
cd "$(dirname "$0")/.."
trips="${1:-200}"
gap="${2:-200}"
swift build -c release --static-swift-stdlib -Xlinker -no-pie --product axon-bench >&2
venv=.build/bench-venv
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/pip" install --quiet openai-agents >&2

port_file=$(mktemp)
python3 bench/model-roundtrip/server.py >"$port_file" &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$port_file"' EXIT
for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done
url="http://127.0.0.1:$(head -1 "$port_file")/v1"
export OPENAI_BASE_URL="$url" OPENAI_API_KEY=bench-key OPENAI_AGENTS_DISABLE_TRACING=1

.build/release/axon-bench model-roundtrip "$url" "$trips" 0
"$venv/bin/python" bench/model-roundtrip/agents_sdk.py "$url" "$trips" 0
"$venv/bin/python" bench/model-roundtrip/agents_sdk.py "$url" "$trips" 0 --no-stream
.build/release/axon-bench model-roundtrip "$url" $((trips / 4)) "$gap"
"$venv/bin/python" bench/model-roundtrip/agents_sdk.py "$url" $((trips / 4)) "$gap"
"$venv/bin/python" bench/model-roundtrip/agents_sdk.py "$url" $((trips / 4)) "$gap" --no-stream
