#!/bin/sh
# review.sh [PATH] — a script session: two requests to one agent, the second on the named thread `review`.
#
#   axon run review                 # reviews README.md
#   axon run -a scout review src/   # another agent, another path
#
# Every `axon request` below joins this script's one session (through AXON_SOCKET, set by `axon run`):
# `axon sessions` shows one session of shape `script` with two requests, and the thread `review` resumes on
# the next run. `axon run` exits with this script's exit code.
set -eu
target=${1:-README.md}
axon=${AXON:-axon}

echo "== what is $target for? (the session's own thread)"
"$axon" request "Review $target: what is it for?"

echo "== what should change? (thread: review)"
"$axon" request -t review "Review notes for $target: what should change?"

# --json gives the same object as `axon run --json`: here, the session's running cost.
"$axon" request --json "hello" | sed -n 's/.*"session":"\([^"]*\)".*/== session \1/p'
