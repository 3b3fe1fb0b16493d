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
trap 'rm -f "$log"' EXIT
nice -n 19 npm run --silent static >"$log" 2>&1 &
static=$!
node_modules/.bin/vitest run "$@"
tests=$?
wait "$static"
checks=$?
echo "== static checks (tsc --noEmit, eslint, prettier --check): $([ "$checks" = 0 ] && echo passed || echo "FAILED, exit $checks")"
cat "$log"
[ "$tests" = 0 ] && exit "$checks"
exit "$tests"
