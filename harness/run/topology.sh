#!/usr/bin/env bash
# The sandbox's actual network as JSON, for the report's topology picture: links and addresses
# of the sandbox host, of every netns the scenario made, and of the world's parts.
emit() { printf '{"links":%s,"addrs":%s,"ids":%s}' "$(ip -j -d link show 2>/dev/null || echo '[]')" "$(ip -j addr show 2>/dev/null || echo '[]')" "$(ip -j netns list-id 2>/dev/null || echo '[]')"; }
printf '{"host":'; emit
for ns in $(ip netns list 2>/dev/null | cut -d' ' -f1); do
  printf ',"%s":' "$ns"; ip netns exec "$ns" bash -c "$(declare -f emit); emit"
done
for w in world client; do
  [ -e "/run/sandbox/$w" ] || continue
  printf ',"%s":' "$w"; nsenter --net="/run/sandbox/$w" bash -c "$(declare -f emit); emit"
done
printf '}\n'
