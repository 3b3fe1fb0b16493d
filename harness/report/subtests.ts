// What every report says of a step beyond its own outcome, worded once: the subtests a kernel
// selftest printed (a failing one under an expected failure is expected too), and that the
// sandbox limited a passing step.
import { flatSubtests, type Subtest } from '../expect/kselftest.js';
import { limitsText } from '../expect/sandbox-limits.js';
import type { StepResult } from '../run/results.js';

/** The step's subtests as reports show them, nested ones under their parent. */
export function reportedSubtests(s: Pick<StepResult, 'subtests' | 'outcome'>): Subtest[] {
  const expected = (list: Subtest[]): Subtest[] =>
    list.map((t) => ({ ...t, ...(t.outcome === 'fail' ? { outcome: 'xfail' as const } : {}), ...(t.children ? { children: expected(t.children) } : {}) }));
  const subtests = s.subtests ?? [];
  return s.outcome === 'xfail' ? expected(subtests) : subtests;
}

/** The same, one list: a nested subtest named "parent / child" after its parent. */
export function reportedSubtestList(s: Pick<StepResult, 'subtests' | 'outcome'>): Subtest[] {
  return flatSubtests(reportedSubtests(s));
}

/** "limited by the sandbox: ...", for a passing step the sandbox refused something. */
export function limitedLine(s: Pick<StepResult, 'limits'>): string | undefined {
  return s.limits?.length ? limitsText(s.limits) : undefined;
}

/** What the step ran, as reports show a kselftest step: `kselftest SCRIPT ARGS`. */
export function selftestCommand(s: Pick<StepResult, 'step'>): string | undefined {
  const k = s.step.kselftest;
  return k && ['kselftest', k.script, ...k.args].join(' ');
}
