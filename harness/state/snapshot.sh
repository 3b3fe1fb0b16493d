#!/usr/bin/env bash
# The network state of every namespace of the sandbox, for the per-step diff (state-diff.ts):
# "=== NS" starts a namespace, "--- KIND" a section. One `ip -j -batch` per namespace gives
# links, addresses, routes of all tables, rules and neighbours as one JSON array per line.
# Runs after harness/exec/namespaces.sh (ns_each, ns_call).
snap() {
  echo "--- ip"
  printf 'link show\naddr show\nroute show table all\nrule show\nneigh show\n' | ip -j -d -batch - 2>/dev/null
  echo "--- iptables"; iptables-save -c 2>/dev/null
  echo "--- conntrack"; conntrack -C 2>/dev/null
  echo "--- sysctl"
  for f in /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/conf/*/{rp_filter,forwarding,proxy_arp,route_localnet} /proc/sys/net/bridge/bridge-nf-call-*; do
    [ -r "$f" ] && echo "${f#/proc/sys/} $(<"$f")"
  done
}
snap_in() { echo "=== $1"; ns_call "$2" snap; }
ns_each snap_in
exit 0
