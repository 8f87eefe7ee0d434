#!/bin/sh
# ---
# name: hello
# description: Greet someone by name.
# input:
#   type: object
#   properties: {who: {type: string}}
#   required: [who]
# timeout: 10s
# ---
read -r args; who=$(printf '%s' "$args" | sed 's/.*"who":"\([^"]*\)".*/\1/'); echo "hello $who"
