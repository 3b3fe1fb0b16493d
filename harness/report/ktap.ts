// KTAP (the kernel selftests' TAP dialect): one subtest per scenario, one test point per step;
// skips carry "# SKIP reason", expected failures "# XFAIL reason". Each level ends with a
// kselftest "# Totals" line over its own test points: a subtest's counts its steps (where
// expected failures are), the last one the scenarios.
import type { Outcome, RunSummary, StepResult } from '../run/results.js';
import { printable } from '../text/printable.js';
import { countOutcomes, isFailure, runName } from './summary.js';

/** A name or reason on one KTAP line: no # (a directive), no newline, no control character. */
const clean = (s: string) => printable(s).replace(/[#\n]/g, ' ').trim();

/** A test point: "ok" unless it failed or errored; a skip or an expected failure with its directive and reason. */
function testLine(r: Pick<StepResult, 'outcome' | 'message'>, n: number, name: string): string {
  const ok = !isFailure(r.outcome);
  const directive = r.outcome === 'skip' ? ` # SKIP ${clean(r.message ?? '')}` : r.outcome === 'xfail' ? ` # XFAIL ${clean(r.message ?? '')}` : '';
  return `${ok ? 'ok' : 'not ok'} ${n} ${name}${directive}`;
}

/** kselftest's totals line over one level's test points (xpass: a step never passes against its xfail). */
function totals(points: readonly { outcome: Outcome }[]): string {
  const n = countOutcomes(points);
  return `# Totals: pass:${n.pass} fail:${n.fail} xfail:${n.xfail} xpass:0 skip:${n.skip} error:${n.error}`;
}

export function ktap(summary: RunSummary): string {
  const lines = ['KTAP version 1', `1..${summary.results.length}`];
  summary.results.forEach((r, i) => {
    const name = runName(r);
    lines.push(`    KTAP version 1`, `    # Subtest: ${name}`, `    1..${r.steps.length}`);
    r.steps.forEach((s, j) => {
      lines.push(`    ${testLine(s, j + 1, clean(s.step.name))}`);
      if (isFailure(s.outcome))
        for (const v of s.verdicts.filter((x) => !x.ok)) lines.push(`    # ${clean(r.scenario.file)}:${s.step.pos.line}: ${clean(`${v.kind}: expected ${v.expected}`)}`);
    });
    lines.push(`    ${totals(r.steps)}`, testLine(r, i + 1, name));
  });
  lines.push(totals(summary.results));
  return `${lines.join('\n')}\n`;
}
