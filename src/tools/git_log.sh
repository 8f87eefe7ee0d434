#!/bin/sh
# ---
# name: git_log
# description: >-
#   Show the repository's recent commits (newest first), one line each: short hash, date, author, subject.
#   Give `path` to see only the commits that touched a file or directory.
# input:
#   type: object
#   properties:
#     path: {type: string, description: "A repo-relative file or directory (default: the whole repository)."}
#     count: {type: integer, description: "How many commits (default 10, at most 100)."}
#   additionalProperties: false
# timeout: 10s
# ---
# Arguments arrive as one line of JSON on stdin; a tiny sed extraction keeps this tool dependency-free
# (paths with escaped quotes are not supported). git only reads here, so the read-only sandbox is enough.
read -r args
count=$(printf '%s' "$args" | sed -n 's/.*"count":\([0-9][0-9]*\).*/\1/p')
path=$(printf '%s' "$args" | sed -n 's/.*"path":"\([^"]*\)".*/\1/p')
[ -n "$count" ] || count=10
[ "$count" -gt 100 ] && count=100
if ! git rev-parse --git-dir >/dev/null 2>&1; then
    echo "git_log: $(pwd) is not a git repository" >&2
    exit 1
fi
exec git --no-pager log -n "$count" --date=short --format='%h %ad %an: %s' -- "${path:-.}"
