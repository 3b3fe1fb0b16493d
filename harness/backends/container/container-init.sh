#!/usr/bin/env bash
# Runs first in every fresh container (container-backend.ts puts sandbox-init.sh after it), to
# make it look like the Debian hosts the articles ran on: Docker's read-only /proc/sys stays
# (kernel.* and vm.* are the host's), its net/ subtree, the container's own network namespace, is
# made writable for the recipes' sysctls; /run is a tmpfs (so `ip netns list` orders as on a
# host); the hostname resolves from /etc/hosts as Debian's installer writes it (else python's
# http.server waits ~10 s on a DNS lookup that goes nowhere); iptables is the flavour asked for.
# $1: the iptables flavour, nft or legacy.
mount --bind /proc/sys/net /proc/sys/net && mount -o remount,bind,rw /proc/sys/net
mountpoint -q /run || mount -t tmpfs -o mode=755 tmpfs /run
grep -qw "$(hostname)" /etc/hosts || echo "127.0.1.1 $(hostname)" >> /etc/hosts
update-alternatives --quiet --set iptables "/usr/sbin/iptables-$1" && update-alternatives --quiet --set ip6tables "/usr/sbin/ip6tables-$1"
