// JUnit XML: one testsuite per scenario (properties: backend, kernel release and where that
// kernel came from, distro, iptables flavour, versions), one testcase per step, <failure> with
// expected vs actual, <error> for infrastructure trouble, <skipped message=reason>; a kselftest
// step's subtests follow it, one testcase each ("NN step: subtest"), with their durations;
// Maven Surefire's <rerunFailure> and <flakyFailure> for the runs --retries made. Written
// through xmlbuilder2, never by hand.
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { formatProblem } from '../errors.js';
import { outputCutNote } from '../exec/command-result.js';
import { isFailure, type RunSummary, type ScenarioResult, type StepResult } from '../run/results.js';
import { VERSION } from '../version.js';
import { xmlSafe } from '../text/printable.js';
import { embed, stepCommand } from './embed.js';
import { whyLines } from './explanation.js';
import { writeReportFile } from './report-file.js';
import { countOutcomes, earlierRuns, inSeconds, runName } from './summary.js';
import { limitedLine, reportedSubtestList } from './subtests.js';

const secs = (ms: number) => inSeconds(ms, 3);
// XML 1.0 cannot carry most control characters; tool output, titles and names sometimes have them.
const clean = xmlSafe;

/** JUnit's counts over steps and their subtests: an expected failure is a skipped test case. */
function counts(steps: StepResult[]) {
  const cases = [...steps, ...steps.flatMap((s) => reportedSubtestList(s))];
  const n = countOutcomes(cases);
  return { tests: cases.length, failures: n.fail, errors: n.error, skipped: n.skip + n.xfail };
}

function properties(suite: XMLBuilder, r: ScenarioResult, backend: string): void {
  const props: Record<string, string> = {
    backend: r.info?.backend ?? backend,
    kernel: r.info?.kernel ?? 'unknown',
    // a guest's kernel package (or path); sandboxes on this machine share its kernel
    'kernel-source': r.info?.machine?.['kernel-source'] ?? (r.info ? 'this machine' : 'unknown'),
    distro: r.info?.distro ?? 'unknown',
    iptables: r.info?.iptables ?? 'unknown',
    netrecipes: VERSION,
    scenario: r.scenario.id,
    file: r.scenario.file,
    ...(r.scenario.source ? { source: `${r.scenario.source.doc} § ${r.scenario.source.section}` } : {}),
    tags: r.scenario.tags.join(','),
    outcome: r.outcome,
    ...(r.earlier?.length ? { attempts: String(r.earlier.length + 1) } : {}),
    ...(r.quarantined ? { quarantined: 'true' } : {}),
    ...(r.cell ? { cell: r.cell } : {}),
    ...Object.fromEntries(Object.entries(r.info?.tools ?? {}).map(([k, v]) => [`version.${k}`, v])),
    ...Object.fromEntries(Object.entries(r.info?.machine ?? {}).map(([k, v]) => [`machine.${k}`, v])),
  };
  const p = suite.ele('properties');
  for (const [name, value] of Object.entries(props)) p.ele('property', { name, value: clean(value) });
}

function stepOutput(s: StepResult): string {
  const lines = [`# ${s.step.in === 'host' ? 'sandbox host' : `in ${s.step.in}`} (${s.step.pos.line}:${s.step.pos.col})`];
  const limited = limitedLine(s);
  if (limited) lines.push(`# ${limited}`);
  const cmd = stepCommand(s);
  if (cmd) lines.push(embed(cmd.trimEnd()).replace(/^/gm, '$ '));
  if (s.result) lines.push(embed(s.result.stdout.trimEnd()));
  const cut = outputCutNote(s.result);
  if (cut) lines.push(`[${cut}]`);
  for (const v of s.verdicts) lines.push(`${v.ok ? 'ok  ' : 'FAIL'} ${v.kind}: ${v.expected}`);
  if (s.attempts > 1) lines.push(`(${s.attempts} attempts)`);
  if (s.changes) lines.push(`# what the step changed${s.changes.length ? '' : ': nothing'}`, ...s.changes);
  return clean(lines.filter(Boolean).join('\n'));
}

/** Where Maven Surefire's schema puts each element of a testcase (surefire-test-report-3.0.xsd). */
const SUREFIRE_ORDER = ['failure', 'rerunFailure', 'flakyFailure', 'skipped', 'error', 'rerunError', 'flakyError'] as const;
type Element = (typeof SUREFIRE_ORDER)[number];

/** The elements a failed or errored run of a step gives, first run, reruns, and reruns before a pass. */
const ELEMENTS = {
  fail: { first: 'failure', rerun: 'rerunFailure', flaky: 'flakyFailure', type: 'AssertionFailure' },
  error: { first: 'error', rerun: 'rerunError', flaky: 'flakyError', type: 'InfrastructureError' },
} as const;

/** `file:line:col` of a step, as failure messages start. */
const whereOf = (r: ScenarioResult, s: StepResult) => `${r.scenario.file}:${s.step.pos.line}:${s.step.pos.col}`;

/** A failed or errored run of a step: its message and the body a report shows. */
function problem(r: ScenarioResult, s: StepResult): { message: string; body: string } {
  const where = whereOf(r, s);
  if (s.outcome === 'error') return { message: `${where}: ${s.message ?? 'error'}`, body: s.message ?? '' };
  const bad = s.verdicts.filter((v) => !v.ok);
  const body = bad.map((v) => `${v.kind}\n  expected: ${v.expected}\n  actual:\n${embed(v.actual).replace(/^/gm, '    ')}`).join('\n\n');
  const why = whyLines(s).join('\n');
  return { message: `${where}: ${s.message ?? 'failed'}`, body: [why, body || s.message || ''].filter(Boolean).join('\n\n') };
}

/** The earlier runs of `r` (--retries) in which step `final` failed or errored, numbered from 1. */
function earlierFailures(r: ScenarioResult, final: StepResult): { attempt: number; step: StepResult }[] {
  return (r.earlier ?? []).flatMap((e, i) => {
    const step = e.steps[final.step.index];
    return step && isFailure(step.outcome) ? [{ attempt: i + 1, step }] : [];
  });
}

/**
 * A step's testcase. With --retries, Surefire's rerun elements: a step that failed for good has
 * <failure> (or <error>) for its last run, as without reruns (its counts and system-out are that
 * run's), and a <rerunFailure> (<rerunError>) for each earlier run it failed in; a step that
 * passed on a rerun has a <flakyFailure> (<flakyError>) for each run it failed in; each of these
 * holds the failure as <stackTrace> and that run's output.
 */
function testcase(suite: XMLBuilder, r: ScenarioResult, s: StepResult): void {
  const name = `${String(s.step.index + 1).padStart(2, '0')} ${s.step.name}`;
  const tc = suite.ele('testcase', { name: clean(name), classname: runName(r), time: secs(s.durationMs) });
  const attempts = (r.earlier?.length ?? 0) + 1;
  const of = (attempt: number) => (attempts > 1 ? `attempt ${attempt} of ${attempts}: ` : '');
  const elements: { name: Element; attrs: Record<string, string>; text: string; run?: StepResult }[] = [];
  if (isFailure(s.outcome)) {
    const kind = ELEMENTS[s.outcome as 'fail' | 'error'];
    const { message, body } = problem(r, s);
    elements.push({ name: kind.first, attrs: { type: kind.type, message: clean(of(attempts) + message) }, text: body });
  }
  // A step skipped in the last run (an earlier step failed there) gets no element of its earlier runs.
  for (const { attempt, step } of s.outcome === 'skip' ? [] : earlierFailures(r, s)) {
    const kind = ELEMENTS[step.outcome as 'fail' | 'error'];
    const { message, body } = problem(r, step);
    elements.push({
      name: isFailure(s.outcome) ? kind.rerun : kind.flaky,
      attrs: { type: kind.type, message: clean(of(attempt) + message) },
      text: body,
      run: step,
    });
  }
  if (s.outcome === 'skip' || s.outcome === 'xfail') elements.push({ name: 'skipped', attrs: { message: clean(s.message ?? s.outcome) }, text: '' });
  elements.sort((a, b) => SUREFIRE_ORDER.indexOf(a.name) - SUREFIRE_ORDER.indexOf(b.name));
  for (const e of elements) {
    const el = tc.ele(e.name, e.attrs);
    if (!e.run) {
      if (e.text) el.txt(clean(e.text));
      continue;
    }
    // Surefire's rerun and flaky elements: the failure as stackTrace, that run's outputs beside it.
    el.ele('stackTrace').txt(clean(e.text));
    el.ele('system-out').txt(stepOutput(e.run));
    if (e.run.result?.stderr.trim()) el.ele('system-err').txt(clean(embed(e.run.result.stderr)));
  }
  tc.ele('system-out').txt(stepOutput(s));
  if (s.result?.stderr.trim()) tc.ele('system-err').txt(clean(embed(s.result.stderr)));
  const where = whereOf(r, s);
  for (const t of reportedSubtestList(s)) {
    const sub = suite.ele('testcase', { name: clean(`${name}: ${t.name}`), classname: runName(r), time: secs(t.durationMs) });
    if (t.outcome === 'fail')
      sub.ele('failure', { type: 'SubtestFailure', message: clean(`${where}: subtest "${t.name}" failed (line ${t.line} of the selftest's output)`) });
    else if (t.outcome === 'skip') sub.ele('skipped', { message: clean(t.reason ?? 'skipped by the selftest') });
    else if (t.outcome === 'xfail') sub.ele('skipped', { message: clean(`expected failure${t.reason ? `: ${t.reason}` : ''}`) });
  }
}

export function junitXml(summary: RunSummary): string {
  const all = summary.results.flatMap((r) => r.steps);
  const total = counts(all);
  const fileErrors = summary.fileErrors.length;
  // A broken backend cell is a testsuite of one errored testcase, a bad file one per file: counted at the root too.
  const broken = summary.brokenCells?.length ?? 0;
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: 'netrecipes',
    tests: total.tests + fileErrors + broken,
    failures: total.failures,
    errors: total.errors + fileErrors + broken,
    skipped: total.skipped,
    time: secs(summary.durationMs),
    timestamp: new Date().toISOString().replace(/\.\d+Z$/, ''),
  });
  for (const r of summary.results) {
    const c = counts(r.steps);
    const suite = root.ele('testsuite', {
      name: `${runName(r)}: ${r.scenario.title}`,
      tests: c.tests,
      failures: c.failures,
      errors: c.errors,
      skipped: c.skipped,
      time: secs(r.durationMs),
      timestamp: r.startedAt.toISOString().replace(/\.\d+Z$/, ''),
      hostname: r.info?.backend ?? summary.backend,
      package: r.scenario.tags[0] ?? 'scenarios',
      file: r.scenario.file,
    });
    properties(suite, r, summary.backend);
    for (const s of r.steps) testcase(suite, r, s);
    const reruns = earlierRuns(r).join('\n');
    const out = [reruns, r.message, r.diagnostics && `diagnostics after the failure:\n${embed(r.diagnostics)}`].filter(Boolean).join('\n\n');
    if (out) suite.ele('system-out').txt(clean(out));
  }
  for (const b of summary.brokenCells ?? []) {
    root
      .ele('testsuite', { name: `backend ${b.cell}`, tests: 1, failures: 0, errors: 1, skipped: 0, time: '0.000' })
      .ele('testcase', { name: 'backend probe', classname: 'backend', time: '0.000' })
      .ele('error', { type: 'InfrastructureError', message: clean(b.message) })
      .txt(clean(b.message));
  }
  if (fileErrors) {
    const suite = root.ele('testsuite', { name: 'scenario files', tests: fileErrors, failures: 0, errors: fileErrors, skipped: 0, time: '0.000' });
    for (const e of summary.fileErrors) {
      const first = e.problems[0]!;
      suite
        .ele('testcase', { name: first.file, classname: 'scenario-files', time: '0.000' })
        .ele('error', { type: 'ScenarioFileError', message: clean(formatProblem(first)) })
        .txt(clean(e.problems.map(formatProblem).join('\n')));
    }
  }
  return clean(root.end({ prettyPrint: true })); // and whatever a field above did not clean
}

export async function writeJunit(summary: RunSummary, file: string): Promise<void> {
  await writeReportFile(file, junitXml(summary));
}
