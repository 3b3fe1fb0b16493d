// The first differing lines of an output that is not what the document (or the step's
// `transcript:`) says, for the console: a reader sees what differs where the step is named,
// not only "1 mismatch". The whole diff stays in JUnit, the HTML report and docs-run.md.
import type { StepResult } from '../run/results.js';

/** At most `max` lines of the failed transcript's document/machine diff (its hunks), or none. */
export function mismatchLines(step: Pick<StepResult, 'verdicts'> | undefined, max = 8): string[] {
  const bad = step?.verdicts.find((v) => !v.ok && v.kind === 'transcript');
  if (!bad) return [];
  const diff = bad.actual.split('\n').filter((l) => !/^(?:\d+ mismatch(?:es)?|--- document|\+\+\+ machine)$/.test(l));
  return diff.length > max ? [...diff.slice(0, max), `… ${diff.length - max} more lines in the reports`] : diff;
}
