#!/usr/bin/env bash
# Answers a scenario's `requires:` inside the sandbox (requirements.ts): the kernel release, then
# "yes KEY" or "no KEY" for each pair of arguments KEY ARG: "cmd NAME" NAME asks whether the
# command is on the PATH; "kernel FEATURE" PROBE runs PROBE (a probe of kernel-features.ts,
# shell text that may `exit`) in a shell of its own.
# Kernel probes make links, rules and qdiscs: in a network namespace of their own, thrown away
# after, so that a scenario finds its sandbox as every other does (the same interface indexes, no
# firewall table, lo as it was), whether or not its run had already asked. Where no namespace can
# be made (a container without CAP_SYS_ADMIN), they run here and clean up after themselves.
apart=()
unshare --net true 2>/dev/null && apart=(unshare --net --)
uname -r
while [ $# -ge 2 ]; do
  key=$1 arg=$2
  shift 2
  case $key in
    'cmd '*) command -v "$arg" >/dev/null 2>&1 ;;
    *) "${apart[@]}" bash -c "$arg" >/dev/null 2>&1 ;;
  esac && echo "yes $key" || echo "no $key"
done
