#!/usr/bin/env bash
# Answers a scenario's `requires:` inside the sandbox (requirements.ts): the kernel release, then
# "yes KEY" or "no KEY" for each pair of arguments KEY ARG: "cmd NAME" NAME asks whether the
# command is on the PATH; "kernel FEATURE" PROBE runs PROBE (a probe of kernel-features.ts,
# shell text that may `exit`) in a subshell.
uname -r
while [ $# -ge 2 ]; do
  key=$1 arg=$2
  shift 2
  case $key in
    'cmd '*) command -v "$arg" >/dev/null 2>&1 ;;
    *) (eval "$arg") >/dev/null 2>&1 ;;
  esac && echo "yes $key" || echo "no $key"
done
