#!/usr/bin/env bash
# The sandbox's actual network as JSON, for the report's topology picture: links, addresses and default routes
# of the sandbox host, of every netns the scenario made, and of the world's parts. Netns names
# come from a glob of /run/netns (spaces and glob characters stay one name) and are JSON-escaped.
shopt -s nullglob dotglob
emit() { printf '{"links":%s,"addrs":%s,"ids":%s,"routes":%s}' "$(ip -j -d link show 2>/dev/null || echo '[]')" "$(ip -j addr show 2>/dev/null || echo '[]')" "$(ip -j netns list-id 2>/dev/null || echo '[]')" "$(ip -j route show default 2>/dev/null || echo '[]')"; }
json_string() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\t'/\\t}; s=${s//$'\n'/\\n}; printf '"%s"' "$s"; }
printf '{"host":'; emit
for path in /run/netns/*; do
  ns=${path##*/}
  printf ','; json_string "$ns"; printf ':'; ip netns exec "$ns" bash -c "$(declare -f emit); emit"
done
for w in world client; do
  [ -e "/run/sandbox/$w" ] || continue
  printf ',"%s":' "$w"; nsenter --net="/run/sandbox/$w" bash -c "$(declare -f emit); emit"
done
printf '}\n'
