// In GitHub Actions only (GITHUB_ACTIONS=true): an error annotation on the scenario file at the
// failing step's line, the Markdown summary as the job summary, and counts as step outputs.
// Outside Actions this does nothing.
import * as core from '@actions/core';
import type { RunSummary } from '../run/results.js';
import { markdownSummary } from './markdown.js';

export function inGitHubActions(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

export async function reportToGitHub(summary: RunSummary, files: { junit: string; html: string }): Promise<void> {
  if (!inGitHubActions()) return;
  for (const e of summary.fileErrors)
    for (const p of e.problems) core.error(p.message, { title: 'scenario file error', file: p.file, startLine: p.line, startColumn: p.col });
  for (const r of summary.results) {
    const bad = r.steps.find((s) => s.outcome === 'fail' || s.outcome === 'error');
    if (!bad) continue;
    core.error(bad.message ?? r.outcome, {
      title: `${r.scenario.id}${r.cell ? ` [${r.cell}]` : ''}: step ${bad.step.index + 1} "${bad.step.name}"`,
      file: r.scenario.file,
      startLine: bad.step.pos.line,
      startColumn: bad.step.pos.col,
    });
  }
  const n = (o: string) => summary.results.filter((r) => r.outcome === o).length;
  core.setOutput('passed', n('pass'));
  core.setOutput('failed', n('fail'));
  core.setOutput('skipped', n('skip'));
  core.setOutput('errored', n('error') + (summary.brokenCells?.length ?? 0) + summary.fileErrors.length);
  core.setOutput('junit', files.junit);
  core.setOutput('html', files.html);
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdownSummary(summary)).write();
  else core.warning('GITHUB_STEP_SUMMARY is not set: no job summary written');
}
