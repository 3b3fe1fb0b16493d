#!/usr/bin/env bash
# Stage 1 of a netns sandbox, run by real root in a fresh copy of the staging mount namespace
# (staging.sh): builds the sandbox's file tree at /run/sb/root, then creates the sandbox's own
# user, network, PID, UTS, IPC, cgroup and mount namespaces and runs holder.sh in them.
#   /            the host's root filesystem, read-only, nosuid, nodev (no submounts: the host's
#                /proc, /sys, /dev and other filesystems are not in it)
#   /etc         an overlay: the staging copy below, this sandbox's writes above
#   /run /root /home /mnt /tmp /var/tmp /dev/shm   empty tmpfs of the sandbox's own
#   /dev         a tmpfs with null, zero, full, random, urandom, tty, net/tun and a devpts
#   PROJECT      each folder of $shared (one a line: the projects of the run's kselftest steps)
#                that one of those tmpfs would hide, bound read-only at its own path
# Every mount made here is locked once the user namespace exists: the sandbox cannot unmount
# them to uncover what lies beneath. The new user namespace maps the sandbox's root to an
# unprivileged host uid; the harness writes that mapping (it prints MAP and waits), and nothing
# of the scenario runs before it: the waiting shell only reads a line, then setpriv becomes
# root of the namespace (the host uid of the mapping) and only then runs holder.sh.
set -eu
root_id=$1 tasks=$2 shared=$3 holder=$4
shift 4
# (close-fds.sh ran first: no inherited descriptor reaches the sandbox.)
ulimit -u "$tasks"  # soft and hard: the sandbox's root cannot raise it
S=/run/sb
mount -t tmpfs -o mode=711,size=64m netrecipes-sandbox "$S"  # also holds /etc's writes
N=$S/root
mkdir "$N" "$S/etc-upper" "$S/etc-work"
chown "$root_id:$root_id" "$S/etc-upper" "$S/etc-work"  # the overlay root takes its owner from here
own="uid=$root_id,gid=$root_id"
# All of the tree in one `mount -a` (a mount command per entry costs a few ms each). Sizes bound
# what a step can pin in memory through files (tmpfs takes no space until written).
{
  echo "/ $N none bind,ro,nosuid,nodev 0 0"
  echo "sandbox-etc $N/etc overlay lowerdir=/run/etc,upperdir=$S/etc-upper,workdir=$S/etc-work 0 0"
  for d in run:128m root:256m home:64m mnt:256m; do
    if [ -d "/${d%:*}" ]; then echo "sandbox-${d%:*} $N/${d%:*} tmpfs mode=755,size=${d#*:},$own,nosuid,nodev 0 0"; fi
  done
  for d in tmp var/tmp; do
    if [ -d "/$d" ]; then echo "sandbox-tmp $N/$d tmpfs mode=1777,size=512m,$own,nosuid,nodev 0 0"; fi
  done
  echo "/run/dev $N/dev none rbind,ro,nosuid,noexec 0 0"
  echo "sandbox-shm $N/dev/shm tmpfs mode=1777,size=256m,$own,nosuid,nodev 0 0"
} > "$S/fstab"
mount -a -T "$S/fstab"
# Elsewhere the read-only root shows a project already; there it would be hidden by an empty tmpfs.
while IFS= read -r d; do
  case "$d" in /tmp/?*|/var/tmp/?*|/root/?*|/home/?*|/mnt/?*) ;; *) continue ;; esac
  mkdir -p "$N$d"
  mount --bind "$d" "$N$d"
  mount -o remount,bind,ro,nosuid,nodev "$N$d"
done <<< "$shared"
# What holder.sh mounts as the sandbox's root, once inside (its own proc, sysfs, devpts).
{
  echo "proc $N/proc proc nosuid,nodev,noexec 0 0"
  echo "sysfs $N/sys sysfs nosuid,nodev,noexec 0 0"
  echo "devpts $N/dev/pts devpts newinstance,ptmxmode=0666,mode=620 0 0"
  # `ip netns exec` unmounts /sys and mounts a sysfs of the target netns; a user namespace may
  # only do that while another sysfs instance stays mounted somewhere.
  echo "sysfs $N/run/sandbox/sysfs sysfs ro,nosuid,nodev,noexec,X-mount.mkdir 0 0"
  echo "/run/bin $N/run/sandbox/bin none bind,ro,X-mount.mkdir 0 0"
} > "$S/fstab.inside"
# Only now the user namespace; the others are made once its mapping exists, so that their
# files (/proc/net, /sys/class/net) belong to its root. --kill-child: when that unshare dies,
# so does PID 1.
exec unshare --user --keep-caps -- \
  bash --norc -c 'echo MAP; read -r _ && exec setpriv --reuid=0 --regid=0 --clear-groups --inh-caps=-all --ambient-caps=-all -- "$@"' wait \
  unshare --net --pid --uts --ipc --cgroup --mount --propagation private --fork --kill-child -- \
  bash --norc -c "$holder" holder "$@"
