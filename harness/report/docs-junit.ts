// JUnit for `netrecipes docs check`: one testcase per scenario, a <failure> listing the commands
// its article no longer contains; acknowledged departures and coverage gaps in system-out.
import { create } from 'xmlbuilder2';
import type { DriftReport } from '../docs/drift.js';
import { xmlSafe } from '../text/printable.js';

export function driftJunitXml(report: DriftReport, docsDir: string): string {
  const failing = report.entries.filter((e) => e.problem || e.stale.some((s) => !s.acknowledged));
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: 'netrecipes docs check',
    tests: report.entries.length,
    failures: failing.length,
  });
  const suite = root.ele('testsuite', { name: 'docs check', tests: report.entries.length, failures: failing.length, errors: 0, skipped: 0, time: '0.000' });
  suite.ele('properties').ele('property', { name: 'docs', value: docsDir });
  for (const e of report.entries) {
    const tc = suite.ele('testcase', { name: `${e.scenario.id} (${e.doc} § ${e.scenario.source.section})`, classname: 'docs-check', time: '0.000' });
    const bad = e.stale.filter((s) => !s.acknowledged);
    if (e.problem) tc.ele('failure', { type: 'DocDrift', message: `${e.scenario.file}: ${e.problem}` }).txt(e.problem);
    else if (bad.length)
      tc.ele('failure', { type: 'DocDrift', message: `${bad.length} command(s) no longer in ${e.doc}` }).txt(
        bad.map((s) => `${e.scenario.file}:${s.step.pos.line} step ${s.step.index + 1}: ${s.text}\n  ${s.why}`).join('\n'),
      );
    const ack = e.stale.filter((s) => s.acknowledged);
    const out = [`${e.replayed.length} commands replayed`, ...ack.map((s) => `acknowledged: ${s.text} (${s.acknowledged})`)];
    tc.ele('system-out').txt(out.join('\n'));
  }
  const gaps = report.gaps.flatMap((g) => g.commands.map((c) => `${g.doc}:${c.line} § ${g.section}: ${c.text}`));
  suite.ele('system-out').txt(gaps.length ? `coverage gaps:\n${gaps.join('\n')}` : 'no coverage gaps');
  return xmlSafe(root.end({ prettyPrint: true }));
}
