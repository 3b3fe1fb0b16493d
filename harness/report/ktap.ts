// KTAP (the kernel selftests' TAP dialect): one subtest per scenario, one test point per step;
// skips carry "# SKIP reason", expected failures "# XFAIL reason". Each level ends with a
// kselftest "# Totals" line over its own test points: a subtest's counts its steps (where
// expected failures are), the last one the scenarios. A kselftest step is a subtest of its own
// one level deeper: the selftest's output as `#` lines, then a test point per result it printed
// (nested KTAP deeper still), each followed by its duration (`# time: 68 ms`). KTAP has no
// flaky: a scenario that passed on a rerun is "ok", its failed runs in `# flaky:` lines before it,
// as a quarantined failure has its `# quarantined:` line.
import type { Subtest } from '../expect/kselftest.js';
import type { Outcome, RunSummary, ScenarioResult, StepResult } from '../run/results.js';
import { printable } from '../text/printable.js';
import { countOutcomes, duration, earlierRuns, isFailure, runName } from './summary.js';
import { limitedLine, reportedSubtests } from './subtests.js';

/** The most lines of a selftest's own output a KTAP report repeats as `#` lines. */
const MAX_RAW_LINES = 2000;

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
  // KTAP knows no flaky: a run that passed on a rerun is an "ok", counted as passed
  return `# Totals: pass:${n.pass + n.flaky} fail:${n.fail} xfail:${n.xfail} xpass:0 skip:${n.skip} error:${n.error}`;
}

/** A subtest's test point (a skip or expected failure with its directive), then its duration as a diagnostic line. */
function subtestLines(t: Subtest, n: number): string[] {
  const directive = t.outcome === 'skip' ? ` # SKIP ${clean(t.reason ?? '')}` : t.outcome === 'xfail' ? ` # XFAIL ${clean(t.reason ?? '')}` : '';
  return [`${t.outcome === 'fail' ? 'not ok' : 'ok'} ${n} ${clean(t.name)}${directive}`.trimEnd(), `# time: ${duration(t.durationMs)}`];
}

/** Subtests as one KTAP level at `indent`, nested ones deeper; `raw`: the lines to show first as diagnostics. */
function subtestBlock(name: string, subtests: Subtest[], indent: string, raw: string[] = []): string[] {
  const lines = [`${indent}KTAP version 1`, `${indent}# Subtest: ${clean(name)}`, ...raw.map((l) => `${indent}# ${l}`), `${indent}1..${subtests.length}`];
  subtests.forEach((t, i) => {
    if (t.children?.length) lines.push(...subtestBlock(t.name, t.children, `${indent}    `));
    lines.push(...subtestLines(t, i + 1).map((l) => indent + l));
  });
  return lines;
}

/** A selftest's own output (stdout, then stderr), one diagnostic line each, made safe for KTAP. */
function rawLines(s: StepResult): string[] {
  if (!s.result) return [];
  const text = [s.result.stdout.trimEnd(), ...(s.result.stderr.trim() ? [s.result.stderr.trimEnd().replace(/^/gm, 'stderr: ')] : [])].join('\n');
  const lines = text.split('\n').map((l) => printable(l).replace(/\n/g, ' '));
  return lines.length > MAX_RAW_LINES ? [...lines.slice(0, MAX_RAW_LINES), `[${lines.length - MAX_RAW_LINES} more lines cut]`] : lines;
}

/** A step's lines at the scenario's level: a selftest's block first, its test point, then why it failed or was limited. */
function stepLines(r: RunSummary['results'][number], s: StepResult, n: number): string[] {
  const lines: string[] = [];
  // A selftest that never ran (an earlier step failed) has no block of its own.
  if (s.step.kselftest && s.result) lines.push(...subtestBlock(s.step.name, reportedSubtests(s), '        ', rawLines(s)));
  lines.push(`    ${testLine(s, n, clean(s.step.name))}`);
  if (isFailure(s.outcome))
    for (const v of s.verdicts.filter((x) => !x.ok))
      lines.push(`    # ${clean(r.scenario.file)}:${s.step.pos.line}: ${clean(`${v.kind}: expected ${v.expected}`)}`);
  const limited = limitedLine(s);
  if (limited) lines.push(`    # ${clean(limited)}`);
  return lines;
}

/** Diagnostic lines before a scenario's test point: the failed runs of a flaky one, a quarantined failure. */
function runNotes(r: ScenarioResult): string[] {
  const notes = r.outcome === 'flaky' ? earlierRuns(r).map((run) => `# flaky: ${clean(run)}`) : [];
  if (r.quarantined && isFailure(r.outcome)) notes.push('# quarantined: its failure does not fail the run');
  return notes;
}

export function ktap(summary: RunSummary): string {
  const lines = ['KTAP version 1', `1..${summary.results.length}`];
  summary.results.forEach((r, i) => {
    const name = runName(r);
    lines.push(`    KTAP version 1`, `    # Subtest: ${name}`, `    1..${r.steps.length}`);
    r.steps.forEach((s, j) => lines.push(...stepLines(r, s, j + 1)));
    lines.push(`    ${totals(r.steps)}`, ...runNotes(r), testLine(r, i + 1, name));
  });
  lines.push(totals(summary.results));
  return `${lines.join('\n')}\n`;
}
