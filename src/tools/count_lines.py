#!/usr/bin/env python3
# ---
# name: count_lines
# description: >-
#   Count files and lines per file extension under a directory of the repository (skipping .git, build
#   output and hidden directories), largest first: a quick map of what a codebase is made of.
# input:
#   type: object
#   properties:
#     path: {type: string, description: "A repo-relative directory (default: the repository root)."}
#     top: {type: integer, description: "How many extensions to list (default 15)."}
#   additionalProperties: false
# timeout: 20s
# ---
"""Runs in the repository root with its arguments as JSON on stdin (docs/tools.md)."""

import json
import os
import sys

SKIPPED_DIRS = {".git", ".axon", "node_modules", "__pycache__"}


def main() -> int:
    args = json.loads(sys.stdin.read() or "{}")
    root = os.path.realpath(".")
    base = os.path.realpath(os.path.join(root, args.get("path") or "."))
    if base != root and not base.startswith(root + os.sep):
        print(f"count_lines: {args.get('path')} is outside the repository", file=sys.stderr)
        return 2
    if not os.path.isdir(base):
        print(f"count_lines: {args.get('path')} is not a directory", file=sys.stderr)
        return 2
    totals = {}
    for directory, subdirs, files in os.walk(base):
        # Hidden directories and build output (.build, .build-release, …) are not the codebase.
        subdirs[:] = sorted(d for d in subdirs if d not in SKIPPED_DIRS and not d.startswith("."))
        for name in files:
            ext = os.path.splitext(name)[1] or "(none)"
            try:
                with open(os.path.join(directory, name), "rb") as handle:
                    data = handle.read()
            except OSError:
                continue
            if b"\0" in data[:8192]:
                continue  # binary
            files_lines = totals.setdefault(ext, [0, 0])
            files_lines[0] += 1
            files_lines[1] += data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    rows = sorted(totals.items(), key=lambda item: (-item[1][1], item[0]))
    top = max(1, int(args.get("top") or 15))
    shown = os.path.relpath(base, root)
    print(f"{'extension':<12} {'files':>7} {'lines':>9}   under {shown}")
    for ext, (count, lines) in rows[:top]:
        print(f"{ext:<12} {count:>7} {lines:>9}")
    if len(rows) > top:
        rest = rows[top:]
        print(f"{'(others)':<12} {sum(r[1][0] for r in rest):>7} {sum(r[1][1] for r in rest):>9}")
    print(f"{'total':<12} {sum(r[1][0] for r in rows):>7} {sum(r[1][1] for r in rows):>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
