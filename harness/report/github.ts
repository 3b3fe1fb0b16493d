// In GitHub Actions only (GITHUB_ACTIONS=true): an error annotation on the scenario file at the
// failing step's line, a notice at a passing step the sandbox limited, the Markdown summary as the job summary, and counts as step outputs.
// Everything else the CLI prints there runs between ::stop-commands:: and its token, so that no
// line a scenario or a sandbox prints (`::error`, `::add-mask::`...) is taken as a workflow
// command. Outside Actions this does nothing.
import { randomBytes } from 'node:crypto';
import * as core from '@actions/core';
import type { RunSummary } from '../run/results.js';
import { printable } from '../text/printable.js';
import { markdownSummary } from './markdown.js';
import { firstFailingStep, outcomeCounts, runName } from './summary.js';
import { limitedLine } from './subtests.js';

function inGitHubActions(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

let stopToken: string | undefined;

/** In Actions: from now on the runner reads no line as a workflow command, until resumed (the CLI stops them as it starts). */
export function stopWorkflowCommands(): void {
  if (!inGitHubActions() || stopToken) return;
  stopToken = randomBytes(16).toString('hex');
  process.stdout.write(`::stop-commands::${stopToken}\n`);
}

/** Lets the runner read workflow commands again; true when they had been stopped. */
export function resumeWorkflowCommands(): boolean {
  if (!stopToken) return false;
  process.stdout.write(`::${stopToken}::\n`);
  stopToken = undefined;
  return true;
}

export async function reportToGitHub(summary: RunSummary, files: { junit: string; html: string }): Promise<void> {
  if (!inGitHubActions()) return;
  const wereStopped = resumeWorkflowCommands();
  try {
    await annotate(summary, files);
  } finally {
    if (wereStopped) stopWorkflowCommands();
  }
}

async function annotate(summary: RunSummary, files: { junit: string; html: string }): Promise<void> {
  for (const e of summary.fileErrors)
    for (const p of e.problems)
      core.error(printable(p.message), { title: 'scenario file error', file: printable(p.file), startLine: p.line, startColumn: p.col });
  for (const r of summary.results) {
    // A flaky run is annotated at the step its first failed run failed at, as a warning; so is a quarantined failure.
    const bad = firstFailingStep(r.outcome === 'flaky' ? r.earlier?.[0] : r);
    if (!bad) continue;
    const annotate = r.outcome === 'flaky' || r.quarantined ? core.warning : core.error;
    const label = r.outcome === 'flaky' ? ' (flaky: passed on a rerun)' : r.quarantined ? ' (quarantined)' : '';
    annotate(printable(bad.message ?? r.outcome), {
      title: printable(`${runName(r)}${label}: step ${bad.step.index + 1} "${bad.step.name}"`),
      file: printable(r.scenario.file),
      startLine: bad.step.pos.line,
      startColumn: bad.step.pos.col,
    });
  }
  // A step that passed although the sandbox refused it something: a notice where it is written.
  for (const r of summary.results)
    for (const s of r.steps) {
      const limited = limitedLine(s);
      if (limited)
        core.notice(printable(limited), {
          title: printable(`${runName(r)}: step ${s.step.index + 1} "${s.step.name}" passed, limited`),
          file: printable(r.scenario.file),
          startLine: s.step.pos.line,
          startColumn: s.step.pos.col,
        });
    }
  const n = outcomeCounts(summary);
  core.setOutput('passed', n.pass);
  core.setOutput('failed', n.fail);
  core.setOutput('flaky', n.flaky);
  core.setOutput('skipped', n.skip);
  core.setOutput('errored', n.error + n.brokenCells + n.fileErrors);
  core.setOutput('junit', files.junit);
  core.setOutput('html', files.html);
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdownSummary(summary)).write();
  else core.warning('GITHUB_STEP_SUMMARY is not set: no job summary written');
}
