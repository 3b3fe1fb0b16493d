#!/usr/bin/env bash
# Runs QEMU ("$@") and ends it when the harness goes away: the harness holds this script's
# stdin open; when it closes (the harness exited, or was killed with SIGKILL), QEMU is killed.
# So no guest outlives the run that booted it.
exec 3<&0 # (a background job's stdin would be /dev/null otherwise)
"$@" </dev/null 3<&- &
qemu=$!
( while read -r _; do :; done; kill -9 "$qemu" 2>/dev/null ) <&3 &
watcher=$!
wait "$qemu"
rc=$?
kill "$watcher" 2>/dev/null
exit "$rc"
