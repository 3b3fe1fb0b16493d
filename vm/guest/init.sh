#!/bin/bash
# PID 1 of a netrecipes QEMU guest, after the initrd has mounted the root file system, the
# kernel's modules, /proc, /sys, /dev, /run and /tmp (vm/guest/initrd-init.sh). It starts the
# agent first: the harness's resident executor (harness/exec/executor/executor.py) on the
# virtio-serial port, since Python's start is the longest part of what is left; then, while it
# starts, makes the guest a quiet Debian host with no network to anywhere (no NIC exists;
# resolv.conf is empty) and loads what the recipes need. When the agent ends, the guest powers
# off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C
read -r up _ < /proc/uptime
echo "netrecipes-boot: init $up" > /dev/console
echo 1 > /proc/sys/kernel/sysrq
ls /sys/class/virtio-ports/*/name >/dev/null 2>&1 || modprobe -q virtio_console # the initramfs loaded it, as a rule
# No udev here: find the agent's virtio-serial port by its name in sysfs.
port=
for _ in $(seq 100); do
  for f in /sys/class/virtio-ports/*/name; do
    [ -r "$f" ] && read -r name < "$f" && [ "$name" = netrecipes.agent ] && dir=${f%/name} && port=/dev/${dir##*/}
  done
  [ -n "$port" ] && [ -e "$port" ] && break
  sleep 0.05
done
read -r up _ < /proc/uptime
echo "netrecipes-boot: agent $up" > /dev/console
python3 -I -S /usr/local/lib/netrecipes/executor.py --port "$port" &
agent=$!
echo "netrecipes-guest: agent on ${port:-nothing} ($(uname -r))" > /dev/console
echo netrecipes-guest > /proc/sys/kernel/hostname
echo "127.0.0.1 localhost
127.0.1.1 netrecipes-guest" > /etc/hosts
: > /etc/resolv.conf
ip link set lo up
# The modules the recipes use that the kernel would not load by itself (br_netfilter, as
# Docker loads it) or would load in the middle of a step, in one modprobe; meanwhile the
# executor every sandbox runs is compiled once for this boot, into __pycache__ beside it (each
# sandbox compiling it took 50 ms of emulated CPU; netns/holder.sh imports it, from the source if
# this failed). The harness waits for modules-loaded before its first sandbox.
(
  python3 -I -S -c 'import py_compile, sys; py_compile.compile(sys.argv[1], doraise=True)' /usr/local/lib/netrecipes/executor.py &
  modprobe -q -a veth bridge br_netfilter nf_conntrack nf_nat iptable_nat iptable_filter \
    nft_chain_nat nft_compat xt_MASQUERADE xt_conntrack xt_nat xt_LOG 2>/dev/null
  wait
  touch /run/netrecipes/modules-loaded
) &
# Keep the kernel's packet-timestamp static key on for good: ping opens its socket with
# SO_TIMESTAMP, and this one sends one echo a day to lo and never exits. Otherwise every ping
# and tcpdump of a scenario flips the key, and the kernel rewrites its own code while the other
# vCPU runs it: under multi-threaded TCG that crashed a 6.12 guest once (RIP mid-instruction in
# __netif_receive_skb_core). Hosts usually hold such a socket open too.
ping -q -n -i 86400 127.0.0.1 >/dev/null 2>&1 &
wait "$agent"
echo "netrecipes-guest: agent ended ($?)" > /dev/console
echo o > /proc/sysrq-trigger
sleep 10
