#!/bin/bash
# PID 1 of a netrecipes QEMU guest, after the initrd has mounted the root file system and the
# kernel's modules. It makes the guest a quiet Debian host with no network to anywhere (no NIC
# exists; resolv.conf is empty), loads what the recipes need, then runs the agent: the harness's
# resident executor (harness/exec/executor/executor.py) on the virtio-serial port. When the agent ends,
# the guest powers off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm && mount -t devpts devpts /dev/pts && mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs -o mode=755 tmpfs /run
mount -t tmpfs tmpfs /tmp
mkdir -p /run/netns
echo "netrecipes-guest: init at $(cut -d' ' -f1 /proc/uptime) s" > /dev/console
hostname netrecipes-guest
echo "127.0.0.1 localhost
127.0.1.1 netrecipes-guest" > /etc/hosts
: > /etc/resolv.conf
ip link set lo up
echo 1 > /proc/sys/kernel/sysrq
# The agent's port first; then, while the agent starts, the modules the recipes use that the
# kernel would not load by itself (br_netfilter, as Docker loads it) or would load in the middle
# of a step. The harness waits for modules-loaded before its first sandbox.
modprobe -q virtio_console
mkdir -p /run/netrecipes
(
  for m in veth bridge br_netfilter nf_conntrack nf_nat iptable_nat iptable_filter \
    nft_chain_nat nft_compat xt_MASQUERADE xt_conntrack xt_nat xt_LOG; do
    modprobe -q "$m" 2>/dev/null
  done
  touch /run/netrecipes/modules-loaded
) &
# Keep the kernel's packet-timestamp static key on for good: ping opens its socket with
# SO_TIMESTAMP, and this one sends one echo a day to lo and never exits. Otherwise every ping
# and tcpdump of a scenario flips the key, and the kernel rewrites its own code while the other
# vCPU runs it: under multi-threaded TCG that crashed a 6.12 guest once (RIP mid-instruction in
# __netif_receive_skb_core). Hosts usually hold such a socket open too.
ping -q -n -i 86400 127.0.0.1 >/dev/null 2>&1 &
# No udev here: find the agent's virtio-serial port by its name in sysfs.
port=
for _ in $(seq 50); do
  for f in /sys/class/virtio-ports/*/name; do
    [ "$(cat "$f" 2>/dev/null)" = netrecipes.agent ] && port=/dev/$(basename "$(dirname "$f")")
  done
  [ -n "$port" ] && [ -e "$port" ] && break
  sleep 0.1
done
echo "netrecipes-guest: agent on ${port:-nothing} at $(cut -d' ' -f1 /proc/uptime) s ($(uname -r))" > /dev/console
python3 -I -S /usr/local/lib/netrecipes/executor.py --port "$port"
echo "netrecipes-guest: agent ended ($?)" > /dev/console
echo o > /proc/sysrq-trigger
sleep 10
