import { describe, expect, it } from 'vitest';
import type { Outcome, RunSummary, ScenarioResult, StepResult } from '../run/results.js';
import { duration, firstFailingStep, markdownMark, outcomeCounts, outcomeLine, seconds } from './summary.js';

const step = (index: number, outcome: Outcome) => ({ step: { index }, outcome }) as StepResult;
const result = (outcome: Outcome) => ({ outcome }) as ScenarioResult;

describe('outcomeCounts', () => {
  it('counts each outcome, the broken cells and the bad scenario files', () => {
    const summary = {
      results: ['pass', 'pass', 'fail', 'error', 'skip', 'xfail'].map((o) => result(o as Outcome)),
      fileErrors: [{}, {}],
      brokenCells: [{ cell: 'trixie/nft', message: 'no image' }],
    } as unknown as RunSummary;
    expect(outcomeCounts(summary)).toEqual({ pass: 2, fail: 1, error: 1, skip: 1, xfail: 1, flaky: 0, brokenCells: 1, fileErrors: 2, quarantined: 0 });
  });

  it('words the totals every report heads with, "errored" only when some did', () => {
    const none = outcomeCounts({ results: [], fileErrors: [] });
    expect(none).toEqual({ pass: 0, fail: 0, error: 0, skip: 0, xfail: 0, flaky: 0, brokenCells: 0, fileErrors: 0, quarantined: 0 });
    expect(outcomeLine(none)).toBe('0 passed, 0 failed, 0 skipped');
    expect(outcomeLine({ ...none, pass: 3, error: 2 })).toBe('3 passed, 0 failed, 0 skipped, 2 errored');
    expect(outcomeLine({ ...none, pass: 3, flaky: 1 })).toBe('3 passed, 0 failed, 0 skipped, 1 flaky');
  });
});

describe('firstFailingStep', () => {
  it('is the first failed or errored step, past passes, skips and expected failures', () => {
    const steps = [step(0, 'pass'), step(1, 'xfail'), step(2, 'skip'), step(3, 'error'), step(4, 'fail')];
    expect(firstFailingStep({ steps })?.step.index).toBe(3);
    expect(firstFailingStep({ steps: steps.slice(0, 3) })).toBeUndefined();
    expect(firstFailingStep(undefined)).toBeUndefined();
  });
});

describe('durations and marks', () => {
  it('reads milliseconds under a second, seconds above', () => {
    expect(duration(999.6)).toBe('1000 ms');
    expect(duration(1000)).toBe('1.00 s');
    expect(duration(65432)).toBe('65.43 s');
    expect(seconds(65432, 1)).toBe('65.4 s');
  });

  it('marks only our outcomes when reading them back from JUnit', () => {
    expect(markdownMark('fail')).toBe('❌');
    expect(markdownMark('xfail')).toBe('✖️');
    expect(markdownMark('unknown')).toBeUndefined();
    expect(markdownMark('constructor')).toBeUndefined();
  });
});
