#!/usr/bin/env bash
# PID 1 of a netns sandbox (started by unshare --net --mount --pid --fork --kill-child, on this
# machine or inside a QEMU guest; $1 is the text of sandbox-init.sh). It gives
# the sandbox a private /run (so `ip netns add` never touches the host's /run/netns), its own
# sysfs, an empty resolv.conf, says READY and then blocks reading stdin: when the harness goes
# away, even by SIGKILL, stdin closes, this shell exits and the kernel ends the whole sandbox.
set -eu
mount -t tmpfs -o mode=755 sandbox-run /run
mkdir -p /run/netns /run/sandbox
mount -t sysfs sysfs /sys 2>/dev/null || true
: > /run/sandbox/resolv.conf
if [ -L /etc/resolv.conf ]; then
  target=$(readlink -m /etc/resolv.conf)
  mkdir -p "$(dirname "$target")" && : > "$target"
else
  mount --bind /run/sandbox/resolv.conf /etc/resolv.conf
fi
bash -c "$1" sandbox-init  # the text of harness/world/sandbox-init.sh
echo READY
while read -r _; do :; done
