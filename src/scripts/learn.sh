#!/bin/sh
# learn.sh TOPIC [AGENT] — ask an agent what it knows about TOPIC and keep the answer as knowledge.
#
# The agent answers with a ```knowledge fenced block (`axon run -a AGENT -p PROMPT --json`); the block's body
# is written atomically (temp file + mv) to data/knowledge/<topic-slug>.md, which every later session loads
# into its system prompt (docs/knowledge.md). Prints the written path, repo-relative.
# Exit status: 0 written; 1 the request failed or the answer holds no knowledge block (nothing is written);
# 2 usage. Plain POSIX sh + awk + sed: no jq, no python.
#
# Environment: AXON    the axon binary (default: `axon` on PATH)
#              AXON_AGENT  the agent when AGENT is not given (default: the fleet's default agent)
#              AXON_REPO   the repo root (default: two directories above this script)
set -eu

usage() {
    echo "usage: sh src/scripts/learn.sh TOPIC [AGENT]   e.g. sh src/scripts/learn.sh tracing" >&2
    exit 2
}
[ $# -ge 1 ] && [ $# -le 2 ] && [ -n "$1" ] || usage
topic=$1
agent=${2:-${AXON_AGENT:-}}
axon=${AXON:-axon}
repo=${AXON_REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$repo"

slug=$(printf '%s' "$topic" | tr '[:upper:]' '[:lower:]' | sed -e 's/[^a-z0-9][^a-z0-9]*/-/g' -e 's/^-//' -e 's/-$//')
[ -n "$slug" ] || { echo "learn.sh: topic '$topic' has no ASCII letters or digits to name a file after" >&2; exit 2; }
dest="data/knowledge/$slug.md"

prompt="Write down what you know about \"$topic\" in this repository, for a future session that starts \
without this conversation: facts, file locations, conventions, pitfalls. Answer with one knowledge block: \
a line \`\`\`knowledge, then markdown that starts with a '# ' heading, then a closing line \`\`\`. If your \
markdown holds code fences, open the block with \`\`\`\`knowledge and close it with \`\`\`\`."

set -- run -p "$prompt" --json
[ -z "$agent" ] || set -- "$@" -a "$agent"
if ! out=$("$axon" "$@"); then
    echo "learn.sh: '$axon run' failed (see above); nothing was written" >&2
    exit 1
fi

mkdir -p data/knowledge
tmp="data/knowledge/.$slug.md.tmp.$$"
trap 'rm -f "$tmp"' EXIT

# 1. The top-level "text" string of the --json result, unescaped (BMP \uXXXX escapes included).
# 2. The body of the first ```knowledge block (closed by a fence at least as long as the opening one),
#    without leading and trailing blank lines. Exit 3 when there is none.
status=0
printf '%s\n' "$out" | LC_ALL=C awk '
    function hexval(h,   i, v) {
        v = 0
        for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789abcdef", tolower(substr(h, i, 1))) - 1
        return v
    }
    function utf8(c) {
        if (c < 128) return sprintf("%c", c)
        if (c < 2048) return sprintf("%c%c", 192 + int(c / 64), 128 + c % 64)
        return sprintf("%c%c%c", 224 + int(c / 4096), 128 + int(c / 64) % 64, 128 + c % 64)
    }
    { json = json $0 "\n" }
    END {
        n = length(json); depth = 0; key = ""
        for (i = 1; i <= n; i++) {
            c = substr(json, i, 1)
            if (c == "{" || c == "[") { depth++; continue }
            if (c == "}" || c == "]") { depth--; continue }
            if (c != "\"") continue
            s = ""
            for (i++; i <= n; i++) {
                c = substr(json, i, 1)
                if (c == "\"") break
                if (c != "\\") { s = s c; continue }
                e = substr(json, ++i, 1)
                if (e == "n") s = s "\n"; else if (e == "t") s = s "\t"; else if (e == "r") s = s "\r"
                else if (e == "b") s = s "\b"; else if (e == "f") s = s "\f"
                else if (e == "u") { s = s utf8(hexval(substr(json, i + 1, 4))); i += 4 }
                else s = s e
            }
            j = i + 1
            while (substr(json, j, 1) ~ /[ \t\r\n]/) j++
            if (substr(json, j, 1) == ":") { key = (depth == 1) ? s : ""; continue }
            if (depth == 1 && key == "text") { printf "%s\n", s; exit 0 }
        }
        exit 4
    }' | awk '
    !open && !done && /^ *```+knowledge[ \t]*$/ {
        fence = $0; sub(/^ */, "", fence); sub(/knowledge.*$/, "", fence); open = 1; next
    }
    open {
        line = $0; sub(/^ */, "", line); sub(/[ \t]*$/, "", line)
        if (line ~ /^```+$/ && length(line) >= length(fence)) { open = 0; done = 1; next }
        body[++count] = $0
    }
    END {
        if (!done) exit 3
        first = 1; while (first <= count && body[first] ~ /^[ \t]*$/) first++
        last = count; while (last >= first && body[last] ~ /^[ \t]*$/) last--
        if (first > last) exit 3
        for (k = first; k <= last; k++) print body[k]
    }' >"$tmp" || status=$?

if [ "$status" -ne 0 ]; then
    echo "learn.sh: the answer holds no \`\`\`knowledge block (or it is empty or unclosed); nothing was written" >&2
    exit 1
fi
mv -f "$tmp" "$dest"
echo "$dest"
