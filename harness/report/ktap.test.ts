import { describe, expect, it } from 'vitest';
import type { RunSummary, ScenarioResult, StepResult } from '../run/results.js';
import type { Scenario } from '../scenario/scenario.js';
import { ktap } from './ktap.js';

const step = (outcome: StepResult['outcome'], message?: string) =>
  ({
    step: { index: 0, name: 'ping', pos: { line: 4, col: 3 }, in: 'host' },
    outcome,
    durationMs: 1,
    verdicts: [],
    attempts: 1,
    message,
  }) as unknown as StepResult;
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
  it('says a flaky run (passed on a rerun) and a quarantined failure in diagnostic lines, and counts the flaky one as passed', () => {
    const flaky = { ...result('f', 'flaky'), steps: [step('pass')], earlier: [{ ...result('f', 'fail', 'ping: expected ok, got timeout') }] };
    const quarantined = { ...result('q', 'fail', 'exit 1'), quarantined: true };
    const text = ktap(summary([flaky, quarantined]));
    expect(text).toMatch(/^# flaky: run 1 of 2 failed at step 1 "ping": ping: expected ok, got timeout\nok 1 f$/m);
    expect(text).toMatch(/^# quarantined: its failure does not fail the run\nnot ok 2 q$/m);
    expect(text).toMatch(/\n# Totals: pass:1 fail:1 xfail:0 xpass:0 skip:0 error:0\n$/);
  });

  it("counts a scenario's expected failures in its subtest's Totals line, and the scenarios in the last", () => {
    const r = { ...result('b', 'pass'), steps: [step('pass'), step('xfail', 'rp_filter before 6.1'), step('xfail', 'x')] };
    const text = ktap(summary([result('a', 'pass'), r, result('d', 'fail')]));
    expect(text).toMatch(/^ {4}# Totals: pass:1 fail:0 xfail:2 xpass:0 skip:0 error:0\nok 2 b$/m);
    expect(text).toMatch(/\n# Totals: pass:2 fail:1 xfail:0 xpass:0 skip:0 error:0\n$/);
  });

  it('marks an expected failure "ok ... # XFAIL reason", like kselftest', () => {
    const text = ktap(summary([{ ...result('b', 'pass'), steps: [step('xfail', 'rp_filter # before\n6.1')] }]));
    expect(text).toMatch(/^ {4}ok 1 ping # XFAIL rp_filter {3}before 6\.1$/m);
    expect(text).toMatch(/^ok 1 b$/m);
  });

  it("nests a selftest step's subtests, and a subtest's own, one level deeper each, with the raw output and durations", () => {
    const selftest = {
      ...step('fail'),
      step: { index: 0, name: 'udp.sh', pos: { line: 4, col: 3 }, in: 'host', kselftest: { script: 'udp.sh', args: [], helpers: [] } },
      result: { stdout: 'TAP version 13\n', stderr: 'oops\n' },
      subtests: [
        { name: 'udp', outcome: 'fail', durationMs: 30, line: 5, children: [{ name: 'v4', outcome: 'fail', durationMs: 20, line: 3 }] },
        { name: 'tcp', outcome: 'skip', durationMs: 5, line: 6, reason: 'no tcp' },
      ],
    } as unknown as StepResult;
    const text = ktap(summary([{ ...result('k', 'fail'), steps: [selftest] }]));
    expect(text).toContain(
      [
        '        KTAP version 1',
        '        # Subtest: udp.sh',
        '        # TAP version 13',
        '        # stderr: oops',
        '        1..2',
        '            KTAP version 1',
        '            # Subtest: udp',
        '            1..1',
        '            not ok 1 v4',
        '            # time: 20 ms',
        '        not ok 1 udp',
        '        # time: 30 ms',
        '        ok 2 tcp # SKIP no tcp',
        '        # time: 5 ms',
        '    not ok 1 udp.sh',
      ].join('\n'),
    );
  });

  it('keeps skips "ok # SKIP" and failures "not ok"', () => {
    const text = ktap(summary([result('s', 'skip', 'needs root'), result('f', 'fail'), result('e', 'error')]));
    expect(text).toMatch(/^ok 1 s # SKIP needs root$/m);
    expect(text).toMatch(/^not ok 2 f$/m);
    expect(text).toMatch(/^not ok 3 e$/m);
    expect(text).toMatch(/\n# Totals: pass:0 fail:1 xfail:0 xpass:0 skip:1 error:1\n$/);
  });
});
