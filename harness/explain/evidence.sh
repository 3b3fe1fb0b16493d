#!/usr/bin/env bash
# Evidence about one flow, from every namespace of the sandbox (the host, each `ip netns`, the
# hidden world and client), in sections the harness parses (harness/explain/evidence.ts):
#   "=== NS" starts a namespace, "--- KIND" a section inside it.
# MODE=counters: netfilter counters and the kernel's drop counters only (taken before a
#   connectivity step, cheap). MODE=full: also routes for the flow, neighbours, addresses,
#   forwarding and rp_filter sysctls, conntrack entries and listening sockets.
# DST is the flow's destination address, SRC_NS the namespace it was sent from, FAMILY 4 or 6:
# with 6 the netfilter counters are ip6tables', the kernel's counters /proc/net/snmp6's, and
# conntrack lists IPv6 entries. Runs after harness/exec/namespaces.sh (ns_each, ns_call...).
export FAMILY=${FAMILY:-4}
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
if [ "$MODE" = full ]; then
  # The source address the kernel picks for the flow in SRC_NS, to ask others how they route back.
  ns_file "$SRC_NS"
  SRC_IP=$(ns_in "$NS_FILE" ip route get "$DST" 2>/dev/null | grep -oE 'src [0-9a-fA-F.:]+' | head -1 | cut -d' ' -f2)
  export DST SRC_IP
fi
if [ "$MODE" = counters ]; then
  # Taken before every connectivity step, so kept cheap: one small sh per namespace, all
  # namespaces at once, each into its own files, printed in order.
  out=$(mktemp -d /run/netrecipes-evidence.XXXXXX) || exit 0
  save=iptables-save; [ "$FAMILY" = 6 ] && save=ip6tables-save
  ns_list
  for k in "${!NS_FILES[@]}"; do
    ns_in "${NS_FILES[k]}" sh -c '"$2" -c 2>/dev/null > "$1.ipt"; cat /proc/net/netstat /proc/net/snmp /proc/net/snmp6 > "$1.net" 2>/dev/null' sh "$out/$k" "$save" &
  done
  wait
  for k in "${!NS_NAMES[@]}"; do
    echo "=== ${NS_NAMES[k]}"; echo "--- iptables"; cat "$out/$k.ipt"; echo "--- netstat"; cat "$out/$k.net"
  done
  rm -rf "$out"
  exit 0
fi
full_in() { echo "=== $1"; ns_call "$2" full; }
ns_each full_in
exit 0
