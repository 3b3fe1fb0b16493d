#!/usr/bin/env bash
# Builds one C helper of a selftest inside the sandbox (kselftest-helpers.ts): $1 the folder of
# built helpers, $2 the helper's name, $3 its source, the rest cc's flags. Once per sandbox.
[ -x "$1/$2" ] && exit 0
command -v cc >/dev/null || { echo "no C compiler in the sandbox (apt-get install -y gcc)" >&2; exit 127; }
mkdir -p "$1" && cc "${@:4}" -o "$1/$2" "$3"
