// JUnit XML: one testsuite per scenario (properties: backend, kernel, distro, iptables flavour,
// versions), one testcase per step, <failure> with expected vs actual, <error> for
// infrastructure trouble, <skipped message=reason>; a kselftest step's subtests follow it, one
// testcase each ("NN step: subtest"), with their durations. Written through xmlbuilder2, never by hand.
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { formatProblem } from '../errors.js';
import { outputCutNote } from '../exec/command-result.js';
import type { RunSummary, ScenarioResult, StepResult } from '../run/results.js';
import { VERSION } from '../version.js';
import { xmlSafe } from '../text/printable.js';
import { embed, stepCommand } from './embed.js';
import { whyLines } from './explanation.js';
import { writeReportFile } from './report-file.js';
import { countOutcomes, inSeconds, runName } from './summary.js';
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
    distro: r.info?.distro ?? 'unknown',
    iptables: r.info?.iptables ?? 'unknown',
    netrecipes: VERSION,
    scenario: r.scenario.id,
    file: r.scenario.file,
    ...(r.scenario.source ? { source: `${r.scenario.source.doc} § ${r.scenario.source.section}` } : {}),
    tags: r.scenario.tags.join(','),
    outcome: r.outcome,
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

function testcase(suite: XMLBuilder, r: ScenarioResult, s: StepResult): void {
  const name = `${String(s.step.index + 1).padStart(2, '0')} ${s.step.name}`;
  const tc = suite.ele('testcase', { name: clean(name), classname: runName(r), time: secs(s.durationMs) });
  const where = `${r.scenario.file}:${s.step.pos.line}:${s.step.pos.col}`;
  if (s.outcome === 'fail') {
    const bad = s.verdicts.filter((v) => !v.ok);
    const body = bad.map((v) => `${v.kind}\n  expected: ${v.expected}\n  actual:\n${embed(v.actual).replace(/^/gm, '    ')}`).join('\n\n');
    const why = whyLines(s).join('\n');
    tc.ele('failure', { type: 'AssertionFailure', message: clean(`${where}: ${s.message ?? 'failed'}`) }).txt(clean([why, body || s.message || ''].filter(Boolean).join('\n\n')));
  } else if (s.outcome === 'error') {
    tc.ele('error', { type: 'InfrastructureError', message: clean(`${where}: ${s.message ?? 'error'}`) }).txt(clean(s.message ?? ''));
  } else if (s.outcome === 'skip' || s.outcome === 'xfail') {
    tc.ele('skipped', { message: clean(s.message ?? s.outcome) });
  }
  tc.ele('system-out').txt(stepOutput(s));
  if (s.result?.stderr.trim()) tc.ele('system-err').txt(clean(embed(s.result.stderr)));
  for (const t of reportedSubtestList(s)) {
    const sub = suite.ele('testcase', { name: clean(`${name}: ${t.name}`), classname: runName(r), time: secs(t.durationMs) });
    if (t.outcome === 'fail') sub.ele('failure', { type: 'SubtestFailure', message: clean(`${where}: subtest "${t.name}" failed (line ${t.line} of the selftest's output)`) });
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
    const out = [r.message, r.diagnostics && `diagnostics after the failure:\n${embed(r.diagnostics)}`].filter(Boolean).join('\n\n');
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
