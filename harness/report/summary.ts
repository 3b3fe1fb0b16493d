// What every report says about a run, counted and worded once: how many runs ended how, which
// step failed first, the mark of each outcome in each medium, how long something took.
import pc from 'picocolors';
import { firstFailingStep, isFailure, type Outcome, type RunSummary, type ScenarioResult } from '../run/results.js';
import { count } from '../text/words.js';

const OUTCOMES: readonly Outcome[] = ['pass', 'fail', 'error', 'skip', 'xfail', 'flaky'];

/** How many of `items` (scenario runs or steps) ended in each outcome. */
export function countOutcomes(items: readonly { outcome: Outcome }[]): Record<Outcome, number> {
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const i of items) counts[i.outcome] += 1;
  return counts;
}

export type OutcomeCounts = Record<Outcome, number> & {
  /** Matrix cells whose backend could not run at all. */
  brokenCells: number;
  /** Scenario files that did not load. */
  fileErrors: number;
  /** Failed or errored runs of quarantined scenarios (counted in fail and error too). */
  quarantined: number;
};

/** The scenario runs of `summary` per outcome, with its broken cells and bad scenario files. */
export function outcomeCounts(summary: Pick<RunSummary, 'results' | 'fileErrors' | 'brokenCells'>): OutcomeCounts {
  const quarantined = summary.results.filter((r) => r.quarantined && isFailure(r.outcome)).length;
  return { ...countOutcomes(summary.results), brokenCells: summary.brokenCells?.length ?? 0, fileErrors: summary.fileErrors.length, quarantined };
}

/** "3 passed, 1 failed, 0 skipped", with ", 2 errored" and ", 1 flaky" only when some were. */
export function outcomeLine(c: Record<Outcome, number>): string {
  return `${c.pass} passed, ${c.fail} failed, ${c.skip} skipped${c.error ? `, ${c.error} errored` : ''}${c.flaky ? `, ${c.flaky} flaky` : ''}`;
}

/** What every report heads with: the outcomes, then the quarantined failures, bad scenario files and broken backend cells when there are some. */
export function totalsLine(c: OutcomeCounts): string {
  return [
    outcomeLine(c),
    ...(c.quarantined ? [`${count(c.quarantined, 'quarantined failure')} (not failing the run)`] : []),
    ...(c.fileErrors ? [count(c.fileErrors, 'bad file')] : []),
    ...(c.brokenCells ? [count(c.brokenCells, 'broken backend cell')] : []),
  ].join(', ');
}

/** How many steps passed of how many, with the skipped ones and expected failures said: "2/3 steps, 1 skipped". */
export function stepTally(steps: readonly { outcome: Outcome }[], noun = ''): string {
  const n = countOutcomes(steps);
  return `${n.pass}/${steps.length}${noun}${n.skip ? `, ${n.skip} skipped` : ''}${n.xfail ? `, ${count(n.xfail, 'expected failure')}` : ''}`;
}

export { failedResults, firstFailingStep, isFailure } from '../run/results.js';

/** `failed at step 2 "ping": ping: expected ...`, or why a run failed before any step. */
export function howItFailed(r: Pick<ScenarioResult, 'steps' | 'outcome' | 'message'>): string {
  const bad = firstFailingStep(r);
  return bad
    ? `${bad.outcome === 'error' ? 'errored' : 'failed'} at step ${bad.step.index + 1} "${bad.step.name}": ${bad.message ?? ''}`
    : `${r.outcome === 'error' ? 'errored' : 'failed'}: ${r.message ?? ''}`;
}

/** `run 1 of 3 failed at step 2 "ping": ...` for each earlier run of `r` (--retries), as the reports list them. */
export function earlierRuns(r: Pick<ScenarioResult, 'earlier'>): string[] {
  const runs = (r.earlier?.length ?? 0) + 1;
  return (r.earlier ?? []).map((e, i) => `run ${i + 1} of ${runs} ${howItFailed(e)}`);
}

/** "id [cell]": a scenario run as progress, summaries and JUnit suites name it. */
export const runName = (r: { scenario: { id: string }; cell?: string }): string => (r.cell ? `${r.scenario.id} [${r.cell}]` : r.scenario.id);

/** Each outcome's mark: in a terminal (coloured), on the HTML page, in Markdown (also the merged matrix). */
export const MARK: Record<Outcome, { terminal: string; html: string; markdown: string }> = {
  pass: { terminal: pc.green('✓'), html: '✓', markdown: '✅' },
  fail: { terminal: pc.red('✗'), html: '✗', markdown: '❌' },
  error: { terminal: pc.magenta('!'), html: '!', markdown: '⚠️' },
  skip: { terminal: pc.yellow('-'), html: '–', markdown: '⏭️' },
  xfail: { terminal: pc.cyan('x'), html: 'x', markdown: '✖️' },
  flaky: { terminal: pc.yellow('~'), html: '~', markdown: '🔁' },
};

/** The Markdown mark of an outcome read back from a report (any string): undefined when it is none of ours. */
export const markdownMark = (outcome: string): string | undefined => (Object.hasOwn(MARK, outcome) ? MARK[outcome as Outcome].markdown : undefined);

export { duration, inSeconds, seconds } from '../text/duration-format.js';
