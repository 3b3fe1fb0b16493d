// --bail [N]: after N scenarios failed for good (flaky and quarantined ones do not count), no
// new scenario starts; those already running finish, the rest are reported skipped. One count
// for the whole run, shared by its cells.
import { count } from '../text/words.js';
import { failsTheRun, type ScenarioResult } from './results.js';

export class Bail {
  private failures = 0;
  constructor(readonly after: number) {}

  /** Counts `r` when it fails the run. */
  note(r: ScenarioResult): void {
    if (failsTheRun(r)) this.failures += 1;
  }

  get reached(): boolean {
    return this.failures >= this.after;
  }

  /** Why a scenario did not start. */
  get why(): string {
    return `skipped: --bail ${this.after}: ${count(this.failures, 'scenario')} failed before it started`;
  }
}
