#!/usr/bin/env bash
# Evidence about one flow, from every namespace of the sandbox (the host, each `ip netns`, the
# hidden world and client), in sections the harness parses (harness/explain/evidence.ts):
#   "=== NS" starts a namespace, "--- KIND" a section inside it.
# MODE=counters: netfilter counters and the kernel's drop counters only (taken before a
#   connectivity step, cheap). MODE=full: also routes for the flow, neighbours, addresses,
#   forwarding and rp_filter sysctls, conntrack entries and listening sockets.
# DST is the flow's destination address, SRC_NS the namespace it was sent from, FAMILY 4 or 6:
# with 6 the netfilter counters are ip6tables', the kernel's counters /proc/net/snmp6's, and
# conntrack lists IPv6 entries.
shopt -s nullglob dotglob
FAMILY=${FAMILY:-4}
section() { echo "--- $1"; }
counters() {
  section iptables; if [ "$FAMILY" = 6 ]; then ip6tables-save -c 2>/dev/null; else iptables-save -c 2>/dev/null; fi
  section netstat; cat /proc/net/netstat /proc/net/snmp /proc/net/snmp6 2>/dev/null
}
full() {
  counters
  section addrs; ip -o addr show 2>/dev/null
  section links; ip -o link show 2>/dev/null
  section route-dst; ip -j route get "$DST" 2>&1
  [ -n "$SRC_IP" ] && { section route-src; ip -j route get "$SRC_IP" 2>&1; }
  section neigh; ip -j neigh show 2>/dev/null
  section sysctl
  for f in /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/conf/*/rp_filter /proc/sys/net/ipv4/conf/*/forwarding /proc/sys/net/ipv6/conf/*/forwarding; do
    [ -r "$f" ] && echo "${f#/proc/sys/} $(<"$f")"
  done
  section conntrack; conntrack -L -f "ipv$FAMILY" 2>/dev/null | grep -F -e "=$DST " | head -50
  section listen; ss -ltnH 2>/dev/null
}
run_in() { # NS ENTER... : one namespace's sections
  local ns=$1; shift
  echo "=== $ns"
  "$@" env MODE="$MODE" DST="$DST" SRC_IP="$SRC_IP" FAMILY="$FAMILY" bash -c "$(declare -f section counters full); $MODE"
}
if [ "$MODE" = full ]; then
  # The source address the kernel picks for the flow in SRC_NS, to ask others how they route back.
  case "$SRC_NS" in
    host) enter=() ;;
    world|client) enter=(nsenter --net="/run/sandbox/$SRC_NS") ;;
    *) enter=(ip netns exec "$SRC_NS") ;;
  esac
  SRC_IP=$("${enter[@]}" ip route get "$DST" 2>/dev/null | grep -oE 'src [0-9a-fA-F.:]+' | head -1 | cut -d' ' -f2)
fi
if [ "$MODE" = counters ]; then
  # Taken before every connectivity step, so kept cheap: one small sh per namespace, all
  # namespaces at once, each into its own files, printed in order.
  out=$(mktemp -d /run/netrecipes-evidence.XXXXXX) || exit 0
  names=() i=0
  for path in host /run/netns/* /run/sandbox/world /run/sandbox/client; do
    [ "$path" = host ] || [ -e "$path" ] || continue
    enter=(); [ "$path" = host ] || enter=(nsenter --net="$path")
    names+=("${path##*/}")
    "${enter[@]}" sh -c '"$2" -c 2>/dev/null > "$1.ipt"; cat /proc/net/netstat /proc/net/snmp /proc/net/snmp6 > "$1.net" 2>/dev/null' sh "$out/$i" "$([ "$FAMILY" = 6 ] && echo ip6tables-save || echo iptables-save)" &
    i=$((i + 1))
  done
  wait
  for ((k = 0; k < i; k++)); do
    echo "=== ${names[k]}"; echo "--- iptables"; cat "$out/$k.ipt"; echo "--- netstat"; cat "$out/$k.net"
  done
  rm -rf "$out"
  exit 0
fi
run_in host
for path in /run/netns/*; do run_in "${path##*/}" ip netns exec "${path##*/}"; done
for w in /run/sandbox/world /run/sandbox/client; do [ -e "$w" ] && run_in "${w##*/}" nsenter --net="$w"; done
exit 0
