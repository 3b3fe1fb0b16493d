// In GitHub Actions only (GITHUB_ACTIONS=true): an error annotation on the scenario file at the
// failing step's line, the Markdown summary as the job summary, and counts as step outputs.
// Outside Actions this does nothing.
import * as core from '@actions/core';
import type { RunSummary } from '../run/results.js';
import { markdownSummary } from './markdown.js';
import { firstFailingStep, outcomeCounts, runName } from './summary.js';

export function inGitHubActions(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

export async function reportToGitHub(summary: RunSummary, files: { junit: string; html: string }): Promise<void> {
  if (!inGitHubActions()) return;
  for (const e of summary.fileErrors)
    for (const p of e.problems) core.error(p.message, { title: 'scenario file error', file: p.file, startLine: p.line, startColumn: p.col });
  for (const r of summary.results) {
    const bad = firstFailingStep(r);
    if (!bad) continue;
    core.error(bad.message ?? r.outcome, {
      title: `${runName(r)}: step ${bad.step.index + 1} "${bad.step.name}"`,
      file: r.scenario.file,
      startLine: bad.step.pos.line,
      startColumn: bad.step.pos.col,
    });
  }
  const n = outcomeCounts(summary);
  core.setOutput('passed', n.pass);
  core.setOutput('failed', n.fail);
  core.setOutput('skipped', n.skip);
  core.setOutput('errored', n.error + n.brokenCells + n.fileErrors);
  core.setOutput('junit', files.junit);
  core.setOutput('html', files.html);
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdownSummary(summary)).write();
  else core.warning('GITHUB_STEP_SUMMARY is not set: no job summary written');
}
