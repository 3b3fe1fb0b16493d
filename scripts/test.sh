#!/usr/bin/env bash
# `npm test` after its set-up: the static checks (types, lint, format: 40 s of both CPUs here)
# run beside vitest instead of before it, filling the CPU that vitest's last, slow files leave
# idle; their output follows vitest's, and the exit status is the first failure of the two.
set -u
log=$(mktemp -t static-checks.XXXXXX)
trap 'rm -f "$log"' EXIT
npm run --silent static >"$log" 2>&1 &
static=$!
npx vitest run
tests=$?
wait "$static"
checks=$?
echo "== static checks (tsc --noEmit, eslint, prettier --check): exit $checks"
cat "$log"
[ "$tests" -ne 0 ] && exit "$tests"
exit "$checks"
