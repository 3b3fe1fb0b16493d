// The exit codes of every command, and the one a run's summary earns.
import type { RunSummary } from '../run/results.js';

/** 130 like a shell's Ctrl-C: the run was interrupted by SIGINT or SIGTERM, its reports written. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, INFRA: 3, INTERRUPTED: 130 } as const;

/** 2 for file errors, else 3 for infrastructure errors, else 1 for failures, else 0. */
export function exitCodeOf(summary: RunSummary): number {
  if (summary.fileErrors.length) return EXIT.USAGE;
  if (summary.brokenCells?.length || summary.results.some((r) => r.outcome === 'error')) return EXIT.INFRA;
  if (summary.results.some((r) => r.outcome === 'fail')) return EXIT.FAILED;
  return EXIT.OK;
}
