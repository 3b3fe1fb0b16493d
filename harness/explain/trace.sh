#!/usr/bin/env bash
# A traced replay of the failed flow: nftables `meta nftrace` on packets to and from DST (IPv4,
# or IPv6 with FAMILY=6) in every namespace, `nft monitor trace` listening in each, one probe (a
# ping, or a TCP connect to DPORT) sent from SRC_NS; then the trace tables are deleted. Prints
# "=== NS" and the trace lines of each namespace. Where the kernel or nft does not allow tracing,
# the probe is still sent (the explanation reads the counters it moved) and nothing is printed.
# Runs after harness/exec/namespaces.sh (ns_list, ns_in, ns_file).
out=$(mktemp -d /run/netrecipes-trace.XXXXXX) || exit 0
T=netrecipes_trace
# The nft family and address keyword of the flow: ip/ip, or ip6/ip6 for FAMILY=6.
F=ip; [ "${FAMILY:-4}" = 6 ] && F=ip6
ns_list
pids=()
for k in "${!NS_FILES[@]}"; do
  command -v nft >/dev/null && ns_in "${NS_FILES[k]}" nft -f - 2>/dev/null <<NFT || continue
table $F $T {
  chain pre { type filter hook prerouting priority -350; $F daddr $DST meta nftrace set 1; $F saddr $DST meta nftrace set 1; }
  chain out { type filter hook output priority -350; $F daddr $DST meta nftrace set 1; $F saddr $DST meta nftrace set 1; }
}
NFT
  ns_in "${NS_FILES[k]}" timeout 3 nft monitor trace > "$out/$k" 2>/dev/null &
  pids+=($!)
done
sleep 0.3
ns_file "$SRC_NS"
if [ "$PROTO" = tcp ] && [ -n "$DPORT" ]; then
  ns_in "$NS_FILE" timeout 2 bash -c '</dev/tcp/"$1"/"$2"' probe "$DST" "$DPORT" >/dev/null 2>&1
else
  ns_in "$NS_FILE" ping -c 1 -W 1 "$DST" >/dev/null 2>&1
fi
sleep 0.3
kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null
for k in "${!NS_FILES[@]}"; do
  ns_in "${NS_FILES[k]}" nft delete table $F $T 2>/dev/null
  [ -s "$out/$k" ] && { echo "=== ${NS_NAMES[k]}"; cat "$out/$k"; }
done
rm -rf "$out"
exit 0
