// --retries: a scenario that failed runs again in a fresh sandbox, up to N more times. One that
// passes on a rerun is flaky, not passed, and keeps its failed runs for the reports (JUnit's
// flakyFailure and rerunFailure elements); one that never passes fails with all of them.
import { isFailure, type ScenarioResult } from './results.js';

/** What a rerun's steps see: `$NETRECIPES_ATTEMPT` is 2 on the first rerun, 3 on the next; unset on the first run. */
export const ATTEMPT_VARIABLE = 'NETRECIPES_ATTEMPT';

export interface RetryOptions {
  /** Reruns after a failure. @default 0 */
  retries: number;
  /** No rerun starts once this says so (an interrupt, --bail reached). */
  stopped?: () => boolean;
  /** Called when run `attempt` starts because the one before failed. */
  onRetry?(failed: ScenarioResult, attempt: number): void;
}

/** Runs `run(1)`, then `run(2)`... while each fails and reruns are left. */
export async function withRetries(run: (attempt: number) => Promise<ScenarioResult>, opts: RetryOptions): Promise<ScenarioResult> {
  const earlier: ScenarioResult[] = [];
  for (let attempt = 1; ; attempt++) {
    const r = await run(attempt);
    if (!isFailure(r.outcome) || attempt > opts.retries || opts.stopped?.()) {
      if (!earlier.length) return r;
      return Object.assign(r, { earlier, outcome: r.outcome === 'pass' ? 'flaky' : r.outcome });
    }
    earlier.push(r);
    opts.onRetry?.(r, attempt + 1);
  }
}
