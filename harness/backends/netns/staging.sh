#!/usr/bin/env bash
# The run's staging area for netns sandboxes, made once per run by real root in a private mount
# namespace (nothing of it is visible on the host, and it vanishes with this process):
#   /run/etc        what any unprivileged user may read of the host's /etc, owned by the
#                   sandboxes' root ($1): the lower layer of every sandbox's writable /etc
#   /run/bin        commands that shadow the host's inside sandboxes (modprobe); .modules: the
#                   kernel modules the harness found present (modprobe.sh accepts them); and
#                   .executor/: the executor ($4) and its bytecode, compiled once for the run so
#                   that no sandbox compiles it again (holder.sh imports it: a sandbox whose
#                   python3 is another version than the one here compiles it from the source)
#   /run/dev        every sandbox's /dev (bound read-only): null, zero, full, random, urandom,
#                   tty and net/tun from the host, the usual links, and mount points for a
#                   devpts and a /dev/shm of each sandbox's own
#   /run/sb         where each sandbox mounts its own scratch tmpfs (in its own mount namespace)
# Then it says READY and blocks reading stdin: when the harness goes away, so does this.
set -eu
umask 022  # what the sandboxes share here is theirs to read, never to write
root_id=$1 modprobe_text=$2 modules=${3:-} executor_text=$4
mount -t tmpfs -o mode=711 netrecipes-staging /run
mkdir -p /run/etc /run/bin /run/sb /run/dev/net /run/dev/pts /run/dev/shm
cd /etc
# Unreadable files (shadow, private keys) and untraversable folders stay out: a sandbox learns
# nothing of /etc that a local unprivileged user could not read. Sockets and devices too.
find . -mindepth 1 \( -type d ! -perm -o=rx -prune \) -o \( -type f ! -perm -o=r \) \
  -o \( -type s -o -type b -o -type c -o -type p \) -o -print0 \
  | tar -c --null --no-recursion -T - | tar -x -C /run/etc
# No tool inside may ask a real resolver (python's http.server would stall on a reverse lookup).
rm -f /run/etc/resolv.conf && : > /run/etc/resolv.conf
chown -R "$root_id:$root_id" /run/etc
printf '%s' "$modprobe_text" > /run/bin/modprobe
chmod 755 /run/bin/modprobe
printf '%s\n' $modules > /run/bin/.modules
mkdir /run/bin/.executor
printf '%s' "$executor_text" > /run/bin/.executor/executor.py
python3 -I -S -c 'import py_compile, sys; py_compile.compile(sys.argv[1], doraise=True)' /run/bin/.executor/executor.py
D=/run/dev
for f in null zero full random urandom tty; do : > "$D/$f"; mount --bind "/dev/$f" "$D/$f"; done
if [ -c /dev/net/tun ]; then : > "$D/net/tun"; mount --bind /dev/net/tun "$D/net/tun"; fi
ln -s pts/ptmx "$D/ptmx"
ln -s /proc/self/fd "$D/fd"
for i in 0:stdin 1:stdout 2:stderr; do ln -s "/proc/self/fd/${i%%:*}" "$D/${i#*:}"; done
echo READY
while read -r _; do :; done
