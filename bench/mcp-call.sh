#!/usr/bin/env bash
# Benchmark: client CPU per MCP tool call — axon's MCPServers pool beside the official Python `mcp` client,
# both calling mcp-server-time's get_current_time {"timezone": "UTC"} over stdio, N calls after 20 warm-up calls,
# side by side in one run. Target: axon ≤ 0.3× the Python client's CPU. Results go to docs/benchmarks.md.
# Needs: pip install mcp-server-time mcp. Usage: bench/mcp-call.sh [CALLS]
set -euo pipefail
cd "$(dirname "$0")/.."
calls="${1:-500}"
# Not --static-swift-stdlib: the MCP SDK imports FoundationNetworking, whose static link needs libcurl's
# development symlink (libcurl4-openssl-dev), which these machines lack. The stdlib's linkage does not change
# the CPU per call.
swift build -c release --product axon-bench >&2
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
.build/release/axon-bench mcp-call "$calls"
python3 bench/mcp-call/python_client.py "$calls"
.build/release/axon-bench mcp-call "$calls"
python3 bench/mcp-call/python_client.py "$calls"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
