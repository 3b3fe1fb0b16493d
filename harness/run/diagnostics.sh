#!/usr/bin/env bash
# What the network looked like when a step failed: every namespace of the sandbox, its
# addresses, routes, neighbours, bridge fdb, iptables rules with counters, conntrack and sockets.
# The namespaces come from harness/exec/namespaces.sh, which runs first (netns names with spaces
# or glob characters stay one name).
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
dump_in() { # NAME FILE
  case $2 in
    '') echo "===== sandbox host" ;;
    /run/netns/*) echo "===== netns $1" ;;
    *) echo "===== $1" ;;
  esac
  ns_call "$2" dump
}
ns_each dump_in
