#!/bin/sh
# story.sh — a slow answer, to try cancellation: press Ctrl-C while it streams.
#
#   axon run story
#
# Ctrl-C reaches axon, which cancels the request (its trace ends `request.end` status `cancelled`, then
# `session.end` reason `signal`) and exits 130. The same slow answer is there in `axon` (interactive): type
# "tell me a slow story", press Ctrl-C, and the turn stops while the session goes on.
axon=${AXON:-axon}
exec "$axon" request "tell me a slow story"
