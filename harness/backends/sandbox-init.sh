#!/usr/bin/env bash
# Runs once inside every fresh sandbox host, on every backend: pins the network sysctls of the
# sandbox's own namespace to the kernel's defaults (a new netns inherits IPv4 settings from the
# real host, e.g. ip_forward=1 where Docker runs), brings lo up and empties resolv.conf so that
# no tool ever asks a real resolver. It writes only inside the sandbox.
set -eu
pin() { [ -w "/proc/sys/$1" ] && echo "$2" > "/proc/sys/$1" || true; }
pin net/ipv4/ip_forward 0
for c in all default; do
  pin net/ipv4/conf/$c/forwarding 0
  pin net/ipv4/conf/$c/rp_filter 0
  pin net/ipv4/conf/$c/accept_local 0
  pin net/ipv4/conf/$c/route_localnet 0
done
pin net/ipv4/conf/lo/forwarding 0
for f in iptables ip6tables arptables; do pin net/bridge/bridge-nf-call-$f 1; done
ip link set lo up
if [ -s /etc/resolv.conf ] && [ -w /etc/resolv.conf ]; then : > /etc/resolv.conf; fi
