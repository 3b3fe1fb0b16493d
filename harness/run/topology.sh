#!/usr/bin/env bash
# The sandbox's actual network as JSON, for the report's topology picture: links, addresses and default routes
# of the sandbox host, of every netns the scenario made, and of the world's parts. Netns names
# come from a glob of /run/netns (spaces and glob characters stay one name) and are JSON-escaped.
# One `ip -batch` per namespace answers all four questions, a JSON array per line.
shopt -s nullglob dotglob
queries=$'link show\naddr show\nnetns list-id\nroute show default'
emit() {
  local a=() q
  mapfile -t a < <("$@" -j -d -force -batch - <<<"$queries" 2>/dev/null)
  if [ "${#a[@]}" -ne 4 ]; then  # a query failed: ask one at a time, so no answer lands under another's key
    a=()
    while read -r q; do a+=("$("$@" -j -d $q 2>/dev/null | head -1)"); done <<<"$queries"
  fi
  printf '{"links":%s,"addrs":%s,"ids":%s,"routes":%s}' "${a[0]:-[]}" "${a[1]:-[]}" "${a[2]:-[]}" "${a[3]:-[]}"
}
json_string() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\t'/\\t}; s=${s//$'\n'/\\n}; printf '"%s"' "$s"; }
printf '{"host":'; emit ip
for path in /run/netns/*; do
  ns=${path##*/}
  printf ','; json_string "$ns"; printf ':'; emit ip -n "$ns"
done
for w in world client; do
  [ -e "/run/sandbox/$w" ] || continue
  printf ',"%s":' "$w"; emit nsenter --net="/run/sandbox/$w" ip
done
printf '}\n'
