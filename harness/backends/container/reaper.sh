#!/usr/bin/env bash
# The detached watcher of reaper.ts: waits while the harness (pid $1) lives, then removes the
# containers of its run (label netrecipes.run=$2), even when the harness was killed with SIGKILL.
while kill -0 "$1" 2>/dev/null; do sleep 0.5; done
ids=$(docker ps -aq --filter "label=netrecipes.run=$2")
# shellcheck disable=SC2086 # one container id per word
[ -n "$ids" ] && docker rm -f $ids >/dev/null 2>&1
exit 0
