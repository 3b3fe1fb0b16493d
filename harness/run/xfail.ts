// Expected failures: a step marked `xfail` must fail, for the reason it names (`failure:`,
// matched against the failure message), and only where `when:` says (a kernel range).
import { matchesString } from '../expect/pattern.js';
import type { XfailSpec } from '../scenario/schema.js';
import type { Outcome } from './results.js';

const numbers = (v: string) =>
  v
    .split(/[.-]/)
    .slice(0, 3)
    .map((n) => Number.parseInt(n, 10) || 0);

/** "6.1.0-18-amd64" against "<6.1", ">=5.10", "6.1" (compared on as many parts as written). */
export function kernelMatches(release: string, range: string): boolean {
  const m = /^(>=|<=|>|<|=)?\s*(\d+(?:\.\d+){0,2})$/.exec(range.trim());
  if (!m) return false;
  const want = numbers(m[2]!);
  const have = numbers(release).slice(0, want.length);
  const cmp = have.reduce((c, h, i) => c || Math.sign(h - want[i]!), 0);
  switch (m[1]) {
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
    default:
      return cmp === 0;
  }
}

/** Whether the step is expected to fail here: always, or only on the kernels `when` names. */
export function xfailApplies(x: XfailSpec, kernel: string | undefined): boolean {
  if (!x.when) return true;
  return kernel !== undefined && kernelMatches(kernel, x.when.kernel);
}

/** The outcome of an xfail step from whether it failed and why. */
export function xfailOutcome(x: XfailSpec, failed: boolean, message: string | undefined): { outcome: Outcome; message: string } {
  if (!failed) return { outcome: 'fail', message: `passed, but is marked xfail: ${x.reason}` };
  if (x.failure !== undefined && !matchesString(message ?? '', x.failure, 'contains'))
    return { outcome: 'fail', message: `failed, but not as xfail expects (${x.failure}): ${message}` };
  return { outcome: 'xfail', message: `expected failure (${x.reason}): ${message}` };
}
