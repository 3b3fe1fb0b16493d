#!/usr/bin/env bash
# The sandbox's actual network, for the report's topology picture: links, addresses, netns ids
# and default routes of the sandbox host, of every netns the scenario made, and of the world's
# parts. One process per namespace (in an emulated guest a process costs tens of ms): a line
# `@ "NAME"` (JSON-escaped), then what one `ip -batch` answers, a JSON array per query that
# worked; run/topology.ts reads it. Netns names come from a glob of /run/netns (spaces and glob
# characters stay one name).
shopt -s nullglob dotglob
queries=$'link show\naddr show\nnetns list-id\nroute show default'
json_string() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\t'/\\t}; s=${s//$'\n'/\\n}; printf '"%s"' "$s"; }
emit() {
  printf '@ '; json_string "$1"; printf '\n'
  shift
  "$@" -j -d -force -batch - <<<"$queries" 2>/dev/null
  printf '\n'
}
emit host ip
for path in /run/netns/*; do
  emit "${path##*/}" ip -n "${path##*/}"
done
for w in world client; do
  [ -e "/run/sandbox/$w" ] || continue
  emit "$w" nsenter --net="/run/sandbox/$w" ip
done
