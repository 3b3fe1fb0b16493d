// reports/summary.md: the run in Markdown, for terminals and pull-request comments (and the
// GitHub job summary). VM cells also say which accelerator their guest ran under and its boot.
import { formatProblem } from '../errors.js';
import type { RunSummary } from '../run/results.js';
import { count } from '../text/words.js';
import { mdCode, mdText } from '../text/markdown-text.js';
import { whyLines } from './explanation.js';
import { limitedLine } from './subtests.js';
import { MARK, failedResults, firstFailingStep, howItFailed, outcomeCounts, runName, seconds, stepTally, totalsLine } from './summary.js';

const esc = mdText;

/** One line per VM cell: the accelerator its guest used (kvm or tcg) and how long it took to boot. */
function machineLines(summary: RunSummary): string[] {
  const cells = new Map<string, Record<string, string>>();
  for (const r of summary.results) if (r.info?.machine?.accel) cells.set(r.cell ?? r.info.backend, r.info.machine);
  if (!cells.size) return [];
  const line = ([cell, m]: [string, Record<string, string>]) =>
    `- ${esc(cell)}: accelerator **${esc(m.accel ?? '?')}**, boot ${esc(m['boot-seconds'] ?? '?')} s, ${esc(m['boot-entry'] ?? 'bzImage')}`;
  return ['### Guests', '', ...[...cells].map(line), ''];
}

export function markdownSummary(summary: RunSummary): string {
  const lines = [
    `## netrecipes: ${totalsLine(outcomeCounts(summary))}`,
    '',
    `${count(summary.results.length, 'scenario run')} on the ${summary.backend} backend in ${seconds(summary.durationMs, 1)}.`,
    '',
  ];
  const failures = failedResults(summary);
  if (failures.length || summary.fileErrors.length) {
    lines.push('### Failures', '');
    for (const e of summary.fileErrors) for (const p of e.problems) lines.push(`- scenario file: ${mdCode(formatProblem(p))}`);
    for (const r of failures) {
      const bad = firstFailingStep(r);
      lines.push(
        `- **${esc(runName(r))}**${r.quarantined ? ' (quarantined)' : ''} ${mdCode(`${r.scenario.file}:${bad?.step.pos.line ?? 1}`)} ${bad ? `step ${bad.step.index + 1} "${esc(bad.step.name)}": ${esc(bad.message ?? '')}` : esc(r.message ?? '')}`,
      );
      lines.push(...whyLines(bad).map((why) => `  - ${esc(why)}`));
    }
    lines.push('');
  }
  const limited = summary.results.flatMap((r) => r.steps.flatMap((s) => (limitedLine(s) ? [{ r, s }] : [])));
  if (limited.length) {
    lines.push('### Passed, but limited by the sandbox', '');
    for (const { r, s } of limited) lines.push(`- **${esc(runName(r))}** step ${s.step.index + 1} "${esc(s.step.name)}": ${esc(limitedLine(s)!)}`);
    lines.push('');
  }
  const flaky = summary.results.filter((r) => r.outcome === 'flaky');
  if (flaky.length) {
    lines.push('### Flaky (failed, then passed on a rerun)', '');
    for (const r of flaky) lines.push(`- **${esc(runName(r))}**: ${(r.earlier ?? []).map((e, i) => `run ${i + 1} ${esc(howItFailed(e))}`).join('; ')}`);
    lines.push('');
  }
  lines.push(...machineLines(summary));
  lines.push('| | scenario | steps | time | kernel | distro | iptables |', '|---|---|---|---|---|---|---|');
  for (const r of summary.results) {
    const why = r.outcome === 'skip' && r.message ? ` — ${esc(r.message)}` : '';
    lines.push(
      `| ${MARK[r.outcome].markdown} | ${esc(runName(r))}${why} | ${stepTally(r.steps)} | ${seconds(r.durationMs)} | ${esc(r.info?.kernel ?? '')} | ${esc(r.info?.distro ?? '')} | ${esc(r.info?.iptables ?? '')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
