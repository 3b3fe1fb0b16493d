#!/usr/bin/env bash
# npm test: the set-up the tests need, then vitest and the static checks (tsc, eslint, prettier)
# side by side. The static checks run at the lowest CPU priority: they take the CPU the tests
# leave idle (a step waiting out a timeout, a guest booting on one CPU) instead of holding the
# tests back for half a minute before they start. Their output follows vitest's; either failing
# fails the run. Arguments go to vitest (npm test -- test/integration/cli.test.ts).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --for-tests || exit
log=$(mktemp "${TMPDIR:-/tmp}/static-checks-XXXXXX")
# Each job in a process group of its own (set -m), so that Ctrl-C, a closed terminal or CI's
# TERM ends the whole of both, not only their first process.
set -m
nice -n 19 npm run --silent static >"$log" 2>&1 &
static=$!
node_modules/.bin/vitest run "$@" &
vitest=$!
trap 'kill -TERM -- "-$vitest" "-$static" 2>/dev/null' INT TERM HUP
trap 'rm -f "$log"' EXIT
# The exit status of job $1: `wait` returns early (over 128) when a trapped signal comes.
status_of() {
  local rc
  while :; do
    wait "$1"
    rc=$?
    kill -0 "$1" 2>/dev/null || return "$rc"
  done
}
status_of "$vitest"
tests=$?
status_of "$static"
checks=$?
echo "== static checks (tsc --noEmit, eslint, prettier --check): $([ "$checks" = 0 ] && echo passed || echo "FAILED, exit $checks")"
cat "$log"
[ "$tests" = 0 ] && exit "$checks"
exit "$tests"
