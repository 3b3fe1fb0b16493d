#!/usr/bin/env bash
# Loads kernel modules as the root of the machine the sandboxes run on (this one, or a guest),
# printing one line each: "present NAME" (loaded or built in), "loaded NAME", or
# "missing NAME REASON"; only "static" when the kernel has no loadable modules at all.
# With --dry-run it loads nothing and says "loadable NAME" instead of loading.
set -u
dry=false
if [ "${1:-}" = --dry-run ]; then dry=true; shift; fi
if [ ! -e /proc/modules ]; then echo static; exit 0; fi
builtin=/lib/modules/$(uname -r)/modules.builtin
for m in "$@"; do
  m=${m//-/_}
  if grep -q "^$m " /proc/modules || [ -d "/sys/module/$m" ] || { [ -f "$builtin" ] && grep -Eq "/$m\.ko" "$builtin"; }; then
    echo "present $m"
  elif $dry && err=$(modprobe -n -q -- "$m" 2>&1); then
    echo "loadable $m"
  elif ! $dry && err=$(modprobe -q -- "$m" 2>&1); then
    echo "loaded $m"
  else
    echo "missing $m ${err##*$'\n'}"
  fi
done
