// How every report words a failed step's explanation: one "why:" line per finding.
import type { StepResult } from '../run/results.js';

/** "why: FORWARD policy DROP (+2 packets) in host (filter table)", one per finding. */
export function whyLines(s: Pick<StepResult, 'explanation'> | undefined): string[] {
  return (s?.explanation ?? []).map((line) => `why: ${line}`);
}
