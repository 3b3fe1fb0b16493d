#!/usr/bin/env bash
# What the network looked like when a step failed: every namespace of the sandbox, its
# addresses, routes, neighbours, bridge fdb, iptables rules with counters, conntrack and sockets.
# Netns names may hold spaces or glob characters: they come from a glob of /run/netns, one
# quoted word each, never from split `ip netns list` output.
shopt -s nullglob dotglob
show() { echo "--- $*"; "$@" 2>&1 | head -200; }
dump() {
  show ip -d addr
  show ip route
  show ip neigh
  show bridge fdb show
  show iptables-save -c
  show conntrack -L
  show ss -tanp
}
echo "===== sandbox host"; dump
for path in /run/netns/*; do
  ns=${path##*/}
  echo "===== netns $ns"; ip netns exec "$ns" bash -c "$(declare -f show dump); dump"
done
for w in /run/sandbox/world /run/sandbox/client; do
  [ -e "$w" ] || continue
  echo "===== ${w##*/}"; nsenter --net="$w" bash -c "$(declare -f show dump); dump"
done
