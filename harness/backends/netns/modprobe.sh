#!/bin/sh
# Shadows modprobe inside netns sandboxes (first on PATH): a sandbox cannot load kernel modules.
# A module that is already there (loaded or built in) is fine, as modprobe would say; anything
# else fails with what to do instead.
status=0
for arg in "$@"; do
  case "$arg" in
    -r|--remove|-rf) echo "modprobe: a netrecipes sandbox cannot unload kernel modules" >&2; exit 1 ;;
    -*) continue ;;
    *=*) continue ;;
  esac
  m=$(printf '%s' "$arg" | tr - _)
  [ -d "/sys/module/$m" ] && continue
  grep -qx "$m" /run/sandbox/bin/.modules 2>/dev/null && continue  # present, as the harness found
  echo "modprobe: a netrecipes sandbox cannot load kernel modules, and '$arg' is not loaded here." >&2
  echo "  Declare it in the scenario (requires: { kernel: [$arg] }): the harness then loads it before the run, or skips the scenario where the kernel lacks it." >&2
  status=1
  break
done
exit $status
