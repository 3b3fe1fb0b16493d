#!/usr/bin/env bash
# The one walk over a sandbox's network namespaces, put before the text of every script that
# looks at all of them (snapshot.sh, topology.sh, diagnostics.sh, evidence.sh, trace.sh; see
# namespaces.ts): those scripts run inside the sandbox (a QEMU guest, a container), where the
# harness's files are not, so it travels with them instead of being sourced from disk.
# The namespaces, always in this order: the sandbox host ("host"), each netns of /run/netns
# (names from a glob, never from split `ip netns list` output: spaces and glob characters stay
# one name, "*" included), then the world's hidden parts that exist (/run/sandbox/world, client).
shopt -s nullglob dotglob

# ns_list: NS_NAMES and NS_FILES, the sandbox's namespaces and their files ('' for the host).
ns_list() {
  local path
  NS_NAMES=(host) NS_FILES=('')
  for path in /run/netns/* /run/sandbox/world /run/sandbox/client; do
    [ -e "$path" ] && NS_NAMES+=("${path##*/}") NS_FILES+=("$path")
  done
  return 0
}

# ns_each FUNCTION ARGS...: runs `FUNCTION NAME FILE ARGS...` for each namespace, in order.
ns_each() {
  local ns_fn=$1 ns_k
  shift
  ns_list
  for ns_k in "${!NS_NAMES[@]}"; do "$ns_fn" "${NS_NAMES[ns_k]}" "${NS_FILES[ns_k]}" "$@"; done
}

# ns_in FILE COMMAND...: COMMAND in the network namespace of FILE; the sandbox host's when FILE is ''.
ns_in() {
  local file=$1
  shift
  if [ -n "$file" ]; then nsenter --net="$file" "$@"; else "$@"; fi
}

# ns_call FILE FUNCTION ARGS...: a shell function in the network namespace of FILE: in a fresh
# bash there that knows every function defined so far (and only exported variables), or in
# this shell for the sandbox host.
ns_call() {
  local file=$1
  shift
  if [ -n "$file" ]; then nsenter --net="$file" bash -c "$(declare -f)"$'\n''"$@"' ns_call "$@"; else "$@"; fi
}

# ns_file NAME: sets NS_FILE to the file of the namespace a scenario calls NAME ('' for the host);
# run/netns-argv.ts makes the same choice for the harness's own commands.
ns_file() {
  case $1 in
    host) NS_FILE= ;;
    world | client) NS_FILE=/run/sandbox/$1 ;;
    */* | . | ..) NS_FILE=/run/netns/.not-a-name ;;  # as ip netns refuses it: no path out of /run/netns
    *) NS_FILE=/run/netns/$1 ;;
  esac
}
