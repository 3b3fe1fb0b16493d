import { describe, expect, it } from 'vitest';
import type { RunSummary, ScenarioResult, StepResult } from '../run/results.js';
import type { Scenario } from '../scenario/scenario.js';
import { ktap } from './ktap.js';

const step = (outcome: StepResult['outcome'], message?: string) =>
  ({ step: { index: 0, name: 'ping', pos: { line: 4, col: 3 }, in: 'host' }, outcome, durationMs: 1, verdicts: [], attempts: 1, message }) as unknown as StepResult;
const result = (id: string, outcome: ScenarioResult['outcome'], message?: string): ScenarioResult => ({
  scenario: { id, file: `${id}.yaml` } as Scenario,
  outcome,
  steps: [step(outcome, message)],
  durationMs: 1,
  startedAt: new Date(0),
  message,
});
const summary = (results: ScenarioResult[]): RunSummary => ({ results, fileErrors: [], durationMs: 1, backend: 'netns' });

describe('ktap', () => {
  it("counts a scenario's expected failures in its subtest's Totals line, and the scenarios in the last", () => {
    const r = { ...result('b', 'pass'), steps: [step('pass'), step('xfail', 'rp_filter before 6.1'), step('xfail', 'x')] };
    const text = ktap(summary([result('a', 'pass'), r, result('d', 'fail')]));
    expect(text).toMatch(/^ {4}# Totals: pass:1 fail:0 xfail:2 xpass:0 skip:0 error:0\nok 2 b$/m);
    expect(text).toMatch(/\n# Totals: pass:2 fail:1 xfail:0 xpass:0 skip:0 error:0\n$/);
  });

  it('marks an expected failure "ok ... # XFAIL reason", like kselftest', () => {
    const text = ktap(summary([{ ...result('b', 'pass'), steps: [step('xfail', 'rp_filter # before\n6.1')] }]));
    expect(text).toMatch(/^ {4}ok 1 ping # XFAIL rp_filter   before 6\.1$/m);
    expect(text).toMatch(/^ok 1 b$/m);
  });

  it('keeps skips "ok # SKIP" and failures "not ok"', () => {
    const text = ktap(summary([result('s', 'skip', 'needs root'), result('f', 'fail'), result('e', 'error')]));
    expect(text).toMatch(/^ok 1 s # SKIP needs root$/m);
    expect(text).toMatch(/^not ok 2 f$/m);
    expect(text).toMatch(/^not ok 3 e$/m);
    expect(text).toMatch(/\n# Totals: pass:0 fail:1 xfail:0 xpass:0 skip:1 error:1\n$/);
  });
});
