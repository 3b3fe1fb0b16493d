#!/usr/bin/env bash
# Runs the whole seed suite N times in a row (default 20) on the netns backend and reports how
# many runs were not green, and how long it all took. Usage: bash bench/flake.sh [N]
set -u
n=${1:-20}
cd "$(dirname "$0")/.."
out=$(mktemp -d)
bad=0
start=$(date +%s.%N)
for i in $(seq "$n"); do
  if ! node bin/netrecipes.js run --out "$out/run-$i" >"$out/run-$i.log" 2>&1; then
    bad=$((bad + 1))
    echo "run $i failed:"; grep -E '✗|!' "$out/run-$i.log" | head -5
  fi
  tail -n 2 "$out/run-$i.log" | head -n 1
done
end=$(date +%s.%N)
echo "flake runs: $n, failed: $bad, total $(echo "$end - $start" | bc) s, logs in $out"
[ "$bad" -eq 0 ]
