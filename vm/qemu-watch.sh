#!/usr/bin/env bash
# Usage: qemu-watch.sh RUN_DIR QEMU ARGS...
# Runs QEMU and ends it when the harness goes away: the harness holds this script's stdin open;
# when it closes (the harness exited, or was killed with SIGKILL), QEMU is killed and its run
# folder (console log, agent socket) removed. So no guest or folder outlives the run that booted
# it. When QEMU ends on its own, the harness still reads the console log and removes the folder.
run_dir=$1
shift
exec 3<&0 # (a background job's stdin would be /dev/null otherwise)
"$@" </dev/null 3<&- &
qemu=$!
# The harness never writes to our stdin: end of file means it is gone (exited, or SIGKILLed).
# (The folder goes first: once QEMU is dead, the lines below may end this watcher.)
( while read -r _; do :; done; rm -rf -- "$run_dir"; kill -9 "$qemu" 2>/dev/null ) <&3 &
watcher=$!
wait "$qemu"
rc=$?
# QEMU ended while the harness lives: it reads the console log, then removes the folder itself.
kill "$watcher" 2>/dev/null
exit "$rc"
