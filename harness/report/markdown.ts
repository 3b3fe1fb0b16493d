// reports/summary.md: the run in Markdown, for terminals and pull-request comments.
import { formatProblem } from '../errors.js';
import type { RunSummary } from '../run/results.js';
import { count } from '../text/words.js';
import { whyLines } from './explanation.js';

const cellOf = (c?: string) => (c ? ` \`${c}\`` : '');
const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownSummary(summary: RunSummary): string {
  const n = (o: string) => summary.results.filter((r) => r.outcome === o).length;
  const lines = [
    `## netrecipes: ${n('pass')} passed, ${n('fail')} failed, ${n('skip')} skipped${n('error') ? `, ${n('error')} errored` : ''}`,
    '',
    `${count(summary.results.length, 'scenario run')} on the ${summary.backend} backend in ${(summary.durationMs / 1000).toFixed(1)} s.`,
    '',
  ];
  const failures = summary.results.filter((r) => r.outcome === 'fail' || r.outcome === 'error');
  if (failures.length || summary.fileErrors.length) {
    lines.push('### Failures', '');
    for (const e of summary.fileErrors) for (const p of e.problems) lines.push(`- scenario file: \`${formatProblem(p)}\``);
    for (const r of failures) {
      const bad = r.steps.find((s) => s.outcome === 'fail' || s.outcome === 'error');
      lines.push(`- **${r.scenario.id}**${cellOf(r.cell)} \`${r.scenario.file}:${bad?.step.pos.line ?? 1}\` ${bad ? `step ${bad.step.index + 1} "${esc(bad.step.name)}": ${esc(bad.message ?? '')}` : esc(r.message ?? '')}`);
      lines.push(...whyLines(bad).map((why) => `  - ${esc(why)}`));
    }
    lines.push('');
  }
  lines.push('| | scenario | steps | time | kernel | distro | iptables |', '|---|---|---|---|---|---|---|');
  const mark = { pass: '✅', fail: '❌', error: '⚠️', skip: '⏭️', xfail: '✖️' } as const;
  for (const r of summary.results) {
    const passed = r.steps.filter((s) => s.outcome === 'pass').length;
    const why = r.outcome === 'skip' && r.message ? ` — ${esc(r.message)}` : '';
    lines.push(`| ${mark[r.outcome]} | ${r.scenario.id}${cellOf(r.cell)}${why} | ${passed}/${r.steps.length} | ${(r.durationMs / 1000).toFixed(2)} s | ${r.info?.kernel ?? ''} | ${esc(r.info?.distro ?? '')} | ${r.info?.iptables ?? ''} |`);
  }
  return `${lines.join('\n')}\n`;
}
