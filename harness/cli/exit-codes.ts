// The exit codes of every command, and the one a run's summary earns.
import { failsTheRun, type RunSummary } from '../run/results.js';

/** 130 like a shell's Ctrl-C: the run was interrupted by SIGINT or SIGTERM, its reports written. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, INFRA: 3, INTERRUPTED: 130 } as const;

/**
 * 2 for file errors, else 3 for infrastructure errors, else 1 for failures, else 0. Flaky runs
 * (failed, then passed on a rerun) and quarantined scenarios' failures fail nothing.
 */
export function exitCodeOf(summary: RunSummary): number {
  if (summary.fileErrors.length) return EXIT.USAGE;
  const counted = summary.results.filter(failsTheRun);
  if (summary.brokenCells?.length || counted.some((r) => r.outcome === 'error')) return EXIT.INFRA;
  if (counted.some((r) => r.outcome === 'fail')) return EXIT.FAILED;
  return EXIT.OK;
}
