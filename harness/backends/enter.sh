#!/usr/bin/env bash
# In front of every command the harness starts in a sandbox (bash -c TEXT enter PID START LIMIT
# ARGV...), after close-fds.sh: checks that
# PID is still the sandbox's PID 1 (START: field 22 of /proc/PID/stat; a PID reused by a host
# process must never be entered), sets the sandbox's task limit (LIMIT, when not empty), then
# enters all of PID's namespaces and runs ARGV.
pid=$1 start=$2 limit=$3
shift 3
if [ -n "$start" ]; then
  stat=$(< "/proc/$pid/stat") 2>/dev/null || stat=''
  read -ra fields <<< "${stat##*) }"
  if [ "${fields[19]:-}" != "$start" ]; then
    echo "netrecipes: the sandbox (PID 1 = $pid) is gone" >&2
    exit 125
  fi
fi
if [ -n "$limit" ]; then ulimit -u "$limit"; fi
exec nsenter -t "$pid" --all -- "$@"
