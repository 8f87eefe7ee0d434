#!/usr/bin/env bash
# Benchmark: the watcher's delivery latency and burst behaviour (bench/AxonBench/WatchBench.swift), then
# inotifywait on the same rename writes for comparison. Release build with a static Swift stdlib, as shipped.
# Targets: p50 ≤ 2 ms, p99 ≤ 10 ms; a 10,000-file burst fully delivered in a few generations.
# Usage: bench/watch-latency.sh [TRIALS] [BURST_FILES]
set -euo pipefail
cd "$(dirname "$0")/.."
trials="${1:-200}"
files="${2:-10000}"

swift build -c release --static-swift-stdlib -Xlinker -no-pie --product axon-bench >&2
.build/release/axon-bench watch latency "$trials" burst "$files"

if ! command -v inotifywait >/dev/null 2>&1; then
    echo "installing inotify-tools for the comparison" >&2
    apt-get update -qq >&2 && apt-get install -y -qq inotify-tools >&2
fi

# inotifywait -m on a directory; each trial renames a temp file into it and times the line it prints.
python3 - "$trials" <<'PY'
import os, subprocess, sys, tempfile, time
trials = int(sys.argv[1])
d = tempfile.mkdtemp(prefix="axon-inotifywait-")
p = subprocess.Popen(["inotifywait", "-m", "-q", "-e", "moved_to", "--format", "%f", d],
                     stdout=subprocess.PIPE, bufsize=0)
time.sleep(0.3)  # inotifywait has set up its watch
samples = []
for i in range(trials + 5):
    time.sleep(0.06)
    tmp = os.path.join(d, ".t%d.tmp" % i)
    with open(tmp, "w") as f:
        f.write("#!/bin/sh\necho %d\n" % i)
    start = time.perf_counter()
    os.rename(tmp, os.path.join(d, "t%d.sh" % i))
    while True:
        line = p.stdout.readline().decode().strip()
        if line == "t%d.sh" % i:
            break
    if i >= 5:
        samples.append((time.perf_counter() - start) * 1000)
p.terminate()
samples.sort()
pct = lambda q: samples[min(len(samples) - 1, max(0, int(len(samples) * q + 0.999999) - 1))]
print("inotifywait latency (rename → line read), %d trials: p50 %.3f ms  p99 %.3f ms  max %.3f ms"
      % (trials, pct(0.5), pct(0.99), samples[-1]))
subprocess.run(["rm", "-rf", d])
PY
