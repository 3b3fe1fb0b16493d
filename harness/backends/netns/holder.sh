#!/usr/bin/env bash
# PID 1 of a netns sandbox, until it becomes the sandbox's resident executor. $1 is the text of
# sandbox-init.sh, $2 the sandbox's hostname, $3 the folder of executor.py (and of the bytecode
# compiled from it once per run or guest boot, which python3 takes when its version matches), the
# rest the executor's options.
# On this machine (NETRECIPES_NEWROOT set by sandbox-root.sh) it runs as root of the sandbox's
# own user namespace: it mounts a procfs and sysfs of the sandbox's own, enters the file tree
# sandbox-root.sh built, and names the host. In a QEMU guest (the guest is the boundary) it
# runs as the guest's root and only makes /run private. Either way it then becomes the executor
# (exec), which says hello on stdout and serves the harness's requests from stdin: every command
# of the sandbox starts from it, inside. When the harness goes away, even by SIGKILL, stdin
# closes, the executor exits and the kernel ends the whole sandbox.
set -eu
init=$1 name=${2:-sandbox} executor=$3
shift 3
if [ -n "${NETRECIPES_NEWROOT:-}" ]; then
  cd "$NETRECIPES_NEWROOT"
  mount --rbind . .  # pivot_root needs the new root to be a mount of this namespace
  cd "$NETRECIPES_NEWROOT"
  mount -a -T /run/sb/fstab.inside  # its own proc, sysfs, devpts (sandbox-root.sh wrote the list)
  pivot_root . .
  umount -l .
  cd /
  unset NETRECIPES_NEWROOT
  hostname "$name"
  echo "$name" > /etc/hostname
  printf '127.0.1.1\t%s\n' "$name" >> /etc/hosts
else
  mount -t tmpfs -o mode=755 sandbox-run /run
  mount -t sysfs sysfs /sys 2>/dev/null || true
  mkdir -p /run/sandbox
  : > /run/sandbox/resolv.conf
  if [ -L /etc/resolv.conf ]; then
    target=$(readlink -m /etc/resolv.conf)
    mkdir -p "$(dirname "$target")" && : > "$target"
  else
    mount --bind /run/sandbox/resolv.conf /etc/resolv.conf
  fi
  # The guest's name stays (in a UTS namespace of its own): the guest's /etc/hosts resolves it,
  # and an unresolvable hostname stalls python's http.server on a DNS lookup for seconds.
fi
mkdir -p /run/netns /run/sandbox
bash -c "$init" sandbox-init  # the text of harness/backends/sandbox-init.sh
# -B: nothing is written beside it (the sandboxes cannot; the privileged sandbox would write into the harness's files).
exec python3 -I -S -B -c 'import sys; sys.path.insert(0, sys.argv.pop(1)); import executor; del sys.path[0]; executor.main(sys.argv[1:])' "$executor" "$@"
