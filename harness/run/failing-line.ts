// Which line of a multi-line `bash -e` step stopped it: an ERR trap prints a marker line on
// stderr with $LINENO, and the runner takes it out again before anything judges the output.
import type { CommandResult } from '../exec/command-result.js';

const MARKER = 'netrecipes-failed-line';
const MARKER_LINE = new RegExp(`^${MARKER} (\\d+)\\n?`, 'gm');

/** Goes first in a step's script; `set -E` lets the trap see failures inside functions too. */
export const ERR_TRAP = `set -E; trap 'echo "${MARKER} $LINENO" >&2' ERR; `;

/** The result without the trap's marker lines, with the script line that failed last. */
export function takeFailedLine(r: CommandResult, prefix: string): CommandResult {
  const lines = [...r.stderr.matchAll(MARKER_LINE)].map((m) => Number(m[1]));
  if (!lines.length) return r;
  const offset = prefix.split('\n').length - 1; // a saved value may span lines
  const stderr = r.stderr.replace(MARKER_LINE, '');
  const line = lines.at(-1)! - offset;
  return { ...r, stderr, ...(r.exitCode !== 0 && line >= 1 ? { failedLine: line } : {}) };
}
