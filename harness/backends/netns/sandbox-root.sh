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
root_id=$1 tasks=$2 holder=$3
shift 3
# Nothing the harness inherited from whoever started it may reach the sandbox (a directory
# descriptor would open the host's file tree from inside): close every descriptor above 2.
for fd in /proc/$$/fd/*; do
  fd=${fd##*/}
  case $fd in 0 | 1 | 2) ;; *) eval "exec $fd>&-" 2>/dev/null ;; esac
done
ulimit -u "$tasks"  # soft and hard: the sandbox's root cannot raise it
S=/run/sb
mount -t tmpfs -o mode=711,size=64m netrecipes-sandbox "$S"  # also holds /etc's writes
N=$S/root
mkdir "$N" "$S/etc-upper" "$S/etc-work"
chown "$root_id:$root_id" "$S/etc-upper" "$S/etc-work"  # the overlay root takes its owner from here
mount --bind / "$N"
mount -o remount,bind,ro,nosuid,nodev "$N"
mount -t overlay -o "lowerdir=/run/etc,upperdir=$S/etc-upper,workdir=$S/etc-work" sandbox-etc "$N/etc"
own="uid=$root_id,gid=$root_id"
# Sizes bound what a step can pin in memory through files (tmpfs takes no space until written).
for d in run:128m root:256m home:64m mnt:256m; do
  if [ -d "$N/${d%:*}" ]; then mount -t tmpfs -o "mode=755,size=${d#*:},$own,nosuid,nodev" "sandbox-${d%:*}" "$N/${d%:*}"; fi
done
for d in tmp var/tmp; do
  if [ -d "$N/$d" ]; then mount -t tmpfs -o "mode=1777,size=512m,$own,nosuid,nodev" sandbox-tmp "$N/$d"; fi
done
D=$N/dev
mount -t tmpfs -o "mode=755,size=1m,$own,nosuid,noexec" sandbox-dev "$D"
for f in null zero full random urandom tty; do : > "$D/$f"; mount --bind "/dev/$f" "$D/$f"; done
mkdir -p "$D/net" "$D/pts" "$D/shm"
if [ -c /dev/net/tun ]; then : > "$D/net/tun"; mount --bind /dev/net/tun "$D/net/tun"; fi
mount -t tmpfs -o "mode=1777,size=256m,$own,nosuid,nodev" sandbox-shm "$D/shm"
ln -s pts/ptmx "$D/ptmx"
ln -s /proc/self/fd "$D/fd"
for i in 0:stdin 1:stdout 2:stderr; do ln -s "/proc/self/fd/${i%%:*}" "$D/${i#*:}"; done
mkdir -p "$N/run/sandbox/bin"
cp /run/bin/* "$N/run/sandbox/bin/"
cp /run/modules "$N/run/sandbox/modules"
chown -R "$root_id:$root_id" "$N/run/sandbox"
# Only now the user namespace; the others are made once its mapping exists, so that their
# files (/proc/net, /sys/class/net) belong to its root. --kill-child: when that unshare dies,
# so does PID 1.
exec unshare --user --keep-caps -- \
  bash --norc -c 'echo MAP; read -r _ && exec setpriv --reuid=0 --regid=0 --clear-groups -- "$@"' wait \
  unshare --net --pid --uts --ipc --cgroup --mount --propagation private --fork --kill-child -- \
  bash --norc -c "$holder" holder "$@"
