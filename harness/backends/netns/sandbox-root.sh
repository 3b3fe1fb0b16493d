#!/usr/bin/env bash
# Stage 1 of a netns sandbox, run by real root in a fresh copy of the staging mount namespace
# (staging.sh): builds the sandbox's file tree at /run/sb/root, then creates the sandbox's own
# user, network, PID, UTS, IPC, cgroup and mount namespaces and runs holder.sh in them.
#   /            the host's root filesystem, read-only, nosuid, nodev (no submounts: the host's
#                /proc, /sys, /dev and other filesystems are not in it)
#   /etc         an overlay: the staging copy below, this sandbox's writes above
#   /run /root /home /mnt /tmp /var/tmp /dev/shm   empty tmpfs of the sandbox's own
#   /dev         a tmpfs with null, zero, full, random, urandom, tty, net/tun and a devpts
# Every mount made here is locked once the user namespace exists: the sandbox cannot unmount
# them to uncover what lies beneath. The new user namespace maps the sandbox's root to an
# unprivileged host uid; the harness writes that mapping (it prints MAP and waits), and nothing
# of the scenario runs before it: the waiting shell only reads a line, then setpriv becomes
# root of the namespace (the host uid of the mapping) and only then runs holder.sh.
set -eu
root_id=$1 holder=$2
shift 2
S=/run/sb
mount -t tmpfs -o mode=711 netrecipes-sandbox "$S"
N=$S/root
mkdir "$N" "$S/etc-upper" "$S/etc-work"
chown "$root_id:$root_id" "$S/etc-upper" "$S/etc-work"  # the overlay root takes its owner from here
mount --bind / "$N"
mount -o remount,bind,ro,nosuid,nodev "$N"
mount -t overlay -o "lowerdir=/run/etc,upperdir=$S/etc-upper,workdir=$S/etc-work" sandbox-etc "$N/etc"
own="uid=$root_id,gid=$root_id"
for d in run root home mnt; do
  if [ -d "$N/$d" ]; then mount -t tmpfs -o "mode=755,$own,nosuid,nodev" "sandbox-$d" "$N/$d"; fi
done
for d in tmp var/tmp; do
  if [ -d "$N/$d" ]; then mount -t tmpfs -o "mode=1777,$own,nosuid,nodev" sandbox-tmp "$N/$d"; fi
done
D=$N/dev
mount -t tmpfs -o "mode=755,$own,nosuid,noexec" sandbox-dev "$D"
for f in null zero full random urandom tty; do : > "$D/$f"; mount --bind "/dev/$f" "$D/$f"; done
mkdir -p "$D/net" "$D/pts" "$D/shm"
if [ -c /dev/net/tun ]; then : > "$D/net/tun"; mount --bind /dev/net/tun "$D/net/tun"; fi
mount -t tmpfs -o "mode=1777,$own,nosuid,nodev" sandbox-shm "$D/shm"
ln -s pts/ptmx "$D/ptmx"
ln -s /proc/self/fd "$D/fd"
for i in 0:stdin 1:stdout 2:stderr; do ln -s "/proc/self/fd/${i%%:*}" "$D/${i#*:}"; done
mkdir -p "$N/run/sandbox/bin"
cp /run/bin/* "$N/run/sandbox/bin/"
cp /run/modules "$N/run/sandbox/modules"
chown -R "$root_id:$root_id" "$N/run/sandbox"
# Only now the sandbox's namespaces; --kill-child: when this unshare dies, so does PID 1.
exec unshare --user --keep-caps --net --pid --uts --ipc --cgroup --mount --propagation private --fork --kill-child -- \
  bash --norc -c 'echo MAP; read -r _ && exec setpriv --reuid=0 --regid=0 --clear-groups -- "$@"' wait \
  bash --norc -c "$holder" holder "$@"
