// "3", ">0", ">=2", "<5": how scenario files compare counts, packets and percentages.
import type { NumberMatch } from './match-schemas.js';

export function matchesNumber(actual: number, want: NumberMatch): boolean {
  if (typeof want === 'number') return actual === want;
  const m = /^(>=|<=|>|<|=)?\s*(\d+)$/.exec(want.trim());
  if (!m) return false;
  const n = Number(m[2]);
  switch (m[1]) {
    case '>':
      return actual > n;
    case '>=':
      return actual >= n;
    case '<':
      return actual < n;
    case '<=':
      return actual <= n;
    default:
      return actual === n;
  }
}
