#!/bin/sh
# ---
# name: my_tool
# description: Say what it does and when to call it.
# input:
#   type: object
#   properties: {text: {type: string, description: What to work on.}}
#   required: [text]
# timeout: 10s
# ---
# Arguments arrive as one JSON object on stdin; the repo root is the working directory.
args=$(cat)
printf 'got: %s\n' "$args"
