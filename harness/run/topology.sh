#!/usr/bin/env bash
# The sandbox's actual network, for the report's topology picture: links, addresses, netns ids
# and default routes of the sandbox host, of every netns the scenario made, and of the world's
# parts. One process per namespace (in an emulated guest a process costs tens of ms): a line
# `@ "NAME"` (JSON-escaped), then what one `ip -batch` answers, a JSON array per query that
# worked; run/topology.ts reads it. The namespaces come from harness/exec/namespaces.sh, which
# runs first.
queries=$'link show\naddr show\nnetns list-id\nroute show default'
json_string() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\t'/\\t}; s=${s//$'\n'/\\n}; printf '"%s"' "$s"; }
emit() { # NAME FILE
  printf '@ '; json_string "$1"; printf '\n'
  ns_in "$2" ip -j -d -force -batch - <<<"$queries" 2>/dev/null
  printf '\n'
}
ns_each emit
