#!/usr/bin/env bash
# A traced replay of the failed flow: nftables `meta nftrace` on packets to and from DST (IPv4,
# or IPv6 with FAMILY=6) in every namespace, `nft monitor trace` listening in each, one probe (a
# ping, or a TCP connect to DPORT) sent from SRC_NS; then the trace tables are deleted. Prints
# "=== NS" and the trace lines of each namespace. Where the kernel or nft does not allow tracing,
# the probe is still sent (the explanation reads the counters it moved) and nothing is printed.
shopt -s nullglob
out=$(mktemp -d /run/netrecipes-trace.XXXXXX) || exit 0
T=netrecipes_trace
# The nft family and address keyword of the flow: ip/ip, or ip6/ip6 for FAMILY=6.
F=ip; [ "${FAMILY:-4}" = 6 ] && F=ip6
paths=()
for p in host /run/netns/* /run/sandbox/world /run/sandbox/client; do [ "$p" = host ] || [ -e "$p" ] && paths+=("$p"); done
enter() { [ "$1" = host ] || echo nsenter --net="$1"; }
i=0 pids=()
for p in "${paths[@]}"; do
  e=$(enter "$p")
  command -v nft >/dev/null && $e nft -f - 2>/dev/null <<NFT || { i=$((i + 1)); continue; }
table $F $T {
  chain pre { type filter hook prerouting priority -350; $F daddr $DST meta nftrace set 1; $F saddr $DST meta nftrace set 1; }
  chain out { type filter hook output priority -350; $F daddr $DST meta nftrace set 1; $F saddr $DST meta nftrace set 1; }
}
NFT
  $e timeout 3 nft monitor trace > "$out/$i" 2>/dev/null &
  pids+=($!)
  i=$((i + 1))
done
sleep 0.3
case "$SRC_NS" in host) src=() ;; world|client) src=(nsenter --net="/run/sandbox/$SRC_NS") ;; *) src=(ip netns exec "$SRC_NS") ;; esac
if [ "$PROTO" = tcp ] && [ -n "$DPORT" ]; then
  "${src[@]}" timeout 2 bash -c "</dev/tcp/$DST/$DPORT" >/dev/null 2>&1
else
  "${src[@]}" ping -c 1 -W 1 "$DST" >/dev/null 2>&1
fi
sleep 0.3
kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null
i=0
for p in "${paths[@]}"; do
  $(enter "$p") nft delete table $F $T 2>/dev/null
  [ -s "$out/$i" ] && { echo "=== ${p##*/}"; cat "$out/$i"; }
  i=$((i + 1))
done
rm -rf "$out"
exit 0
