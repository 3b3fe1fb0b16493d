#!/usr/bin/env bash
# In front of every command the harness starts in a sandbox (bash -c TEXT enter PID START LIMIT
# ARGV...): closes every file descriptor above 2 (one the harness inherited from whoever started
# it, a directory above all, would otherwise reach the host's file tree from inside), checks that
# PID is still the sandbox's PID 1 (START: field 22 of /proc/PID/stat; a PID reused by a host
# process must never be entered), sets the sandbox's task limit (LIMIT, when not empty), then
# enters all of PID's namespaces and runs ARGV.
pid=$1 start=$2 limit=$3
shift 3
for fd in /proc/$$/fd/*; do
  fd=${fd##*/}
  case $fd in 0 | 1 | 2) ;; *) eval "exec $fd>&-" 2>/dev/null ;; esac
done
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
