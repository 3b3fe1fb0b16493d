#!/usr/bin/env bash
# Builds the hidden outside world inside a sandbox host, the same way on every backend:
#   sandbox host  <-- veth $UPLINK_NAME / gw0 -->  world  <-- veth cl0 / eth0 -->  client
# "world" is the gateway ($GATEWAY_CIDR) and the internet (each $INTERNET address on its lo);
# "client" is an external client ($CLIENT_CIDR, default route via $CLIENT_GW_CIDR's address).
# Both live in /run/sandbox, not /run/netns, so `ip netns list` in a scenario does not show them.
# The world knows no route to the sandbox's private ranges: un-NATed traffic gets no reply.
# Names are quoted in the ip batches too (ip's batch parser honours double quotes).
set -eu
: "${UPLINK_NAME:?}" "${UPLINK_CIDR:?}" "${GATEWAY:?}" "${GATEWAY_CIDR:?}" "${CLIENT_CIDR:?}" "${CLIENT_GW_CIDR:?}"
# Few processes (each costs a few ms of a scenario's set-up): the two namespaces are made by one
# unshare nested in another, each namespace is wired by one `ip -batch` (the world's
# internet addresses included), its sysctls written by the shell that runs that ip.
[ -d /run/sandbox ] || mkdir -p /run/sandbox
W=/run/sandbox/world C=/run/sandbox/client
: > "$W"
: > "$C"
unshare --net="$W" unshare --net="$C" true
internet=''
# $INTERNET is a list of addresses: split on purpose
for h in ${INTERNET:-}; do internet+="addr add \"$h/32\" dev lo"$'\n'; done

# sysctls (no rp_filter in the world and the client, on the client's eth0 too: the world's batch
# made it before these writes; only the world forwards), then the links
nsenter --net="$W" bash -c 'echo 1 > /proc/sys/net/ipv4/ip_forward; for c in all default; do echo 0 > /proc/sys/net/ipv4/conf/$c/rp_filter; done; exec ip -batch -' <<BATCH
link set lo up
link add gw0 type veth peer name "$UPLINK_NAME" netns "/proc/$$/ns/net"
link add cl0 type veth peer name eth0 netns "$C"
addr add "$GATEWAY_CIDR" dev gw0
addr add "$CLIENT_GW_CIDR" dev cl0
link set gw0 up
link set cl0 up
$internet
BATCH

nsenter --net="$C" bash -c 'echo 0 > /proc/sys/net/ipv4/ip_forward; for c in all default eth0; do echo 0 > /proc/sys/net/ipv4/conf/$c/rp_filter; done; exec ip -batch -' <<BATCH
link set lo up
link set eth0 up
addr add "$CLIENT_CIDR" dev eth0
route add default via "${CLIENT_GW_CIDR%/*}"
BATCH

ip -batch - <<BATCH
link set "$UPLINK_NAME" up
addr add "$UPLINK_CIDR" dev "$UPLINK_NAME"
route add default via "$GATEWAY" dev "$UPLINK_NAME"
BATCH
