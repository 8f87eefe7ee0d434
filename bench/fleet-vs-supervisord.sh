#!/usr/bin/env bash
# Benchmark: the fleet supervisor `axon up` beside supervisord, side by side in one run (issue 12's targets):
# AGENTS persistent agents on the replay model → all `idle` with their boot generation acked, beside AGENTS
# supervisord programs (`sleep 1000000`, supervisord's defaults: startsecs=1) → all RUNNING; the supervisors'
# RSS; an idle agent's RSS, PSS and Private_Dirty and what its smaps says fills them; one agent SIGKILLed →
# back `idle` and a request to it answered, beside a SIGKILLed program → RUNNING again; `axon down` and
# SIGTERM → everything gone, beside `supervisorctl shutdown` and SIGTERM. TRIALS trials, median [min–max] and
# the ratio axon / supervisord (bench/fleet-vs-supervisord/driver.py says how each is timed).
# Targets at 64 agents: up ≤ 1.5 s, supervisor RSS ≤ 15 MiB, idle agent RSS ≤ 12 MiB, SIGKILL → serving
# ≤ 300 ms, down ≤ 2 s. Results go to docs/benchmarks.md by hand.
# Usage: bench/fleet-vs-supervisord.sh [AGENTS] [TRIALS]       (defaults 64 and 5)
#   AXON=PATH         the axon binary (default: built -c release --static-swift-stdlib into .build-static/)
#   SUP_PROGRAM=python  supervise a Python sleep loop instead of `sleep` (a program with an interpreter's RSS)
#   KEEP=1            keep the temp repos, configs and logs (the path is printed)
# supervisord is installed with pip into ${TMPDIR:-/tmp}/axon-bench-venv when missing (never into the repo).
set -euo pipefail
cd "$(dirname "$0")/.."
agents="${1:-64}"
trials="${2:-5}"
tmp="${TMPDIR:-/tmp}"

if [ -n "${AXON:-}" ]; then
    axon="$AXON"
    [ -x "$axon" ] || { echo "fleet-vs-supervisord: AXON=$axon is not an executable" >&2; exit 2; }
else
    # The build docs/benchmarks.md records: static Swift runtime, in a scratch path of its own so the
    # normal release build stays as it is. Its link needs libcurl's headers (FoundationNetworking).
    if [ ! -e /usr/lib/x86_64-linux-gnu/libcurl.so ] && [ ! -e /usr/lib/aarch64-linux-gnu/libcurl.so ]; then
        echo "installing libcurl4-openssl-dev for the static link" >&2
        apt-get install -y -qq libcurl4-openssl-dev >&2 || { apt-get update -qq >&2 && apt-get install -y -qq libcurl4-openssl-dev >&2; }
    fi
    swift build -c release --static-swift-stdlib --product axon --scratch-path .build-static >&2
    axon=".build-static/release/axon"
fi
axon="$(realpath "$axon")"

venv="$tmp/axon-bench-venv"
if [ ! -x "$venv/bin/supervisord" ]; then
    echo "installing supervisor into $venv" >&2
    # pip runs from $tmp, so nothing it downloads can land in the repo.
    (cd "$tmp" && { [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"; } && "$venv/bin/pip" install --quiet supervisor) >&2
fi

work="$(mktemp -d "$tmp/axon-fleet-bench.XXXXXX")"
cleanup() {
    python3 bench/fleet-vs-supervisord/driver.py --cleanup "$work" || true
    if [ -n "${KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
echo "axon: $axon ($("$axon" --version 2>/dev/null || echo '?'), $(du -h "$axon" | cut -f1)); supervisord $("$venv/bin/supervisord" --version)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# In the background so that Ctrl-C or a SIGTERM to this script reaches it at once (a foreground child would
# delay the trap until it ended): the driver stops what it started, then the EXIT trap checks again.
python3 bench/fleet-vs-supervisord/driver.py --axon "$axon" --agents "$agents" --trials "$trials" \
    --supervisord "$venv/bin/supervisord" --supervisorctl "$venv/bin/supervisorctl" --work "$work" \
    --program "${SUP_PROGRAM:-sleep}" --json "$work/results.json" &
driver=$!
trap 'echo "interrupted: stopping what the bench started" >&2; kill -TERM "$driver" 2>/dev/null; wait "$driver"; exit 130' INT
trap 'echo "terminated: stopping what the bench started" >&2; kill -TERM "$driver" 2>/dev/null; wait "$driver"; exit 143' TERM
wait "$driver"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
