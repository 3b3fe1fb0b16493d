// Runs many scenarios, `jobs` at a time (each in its own sandbox, so they cannot interfere),
// and reports progress through callbacks.
import type { Backend } from '../backends/backend.js';
import type { ScenarioFileError } from '../errors.js';
import type { Scenario } from '../scenario/scenario.js';
import { INTERRUPTED, type RunSummary, type ScenarioResult, type StepResult } from './results.js';
import { notStarted, runScenario, type ScenarioRunOptions } from './scenario-runner.js';

export interface SuiteEvents {
  scenarioStart?(s: Scenario): void;
  step?(s: Scenario, r: StepResult): void;
  scenarioEnd?(r: ScenarioResult): void;
}

export interface SuiteOptions {
  backend: Backend;
  jobs: number;
  events?: SuiteEvents;
  signal?: AbortSignal;
  beforeClose?: ScenarioRunOptions['beforeClose'];
  /** Label of this cell of a matrix run, stamped on every result. */
  cell?: string;
  /** Record what each step changed (see ScenarioRunOptions.stateDiff). @default false */
  stateDiff?: boolean;
}

export async function runSuite(scenarios: Scenario[], fileErrors: ScenarioFileError[], opts: SuiteOptions): Promise<RunSummary> {
  const t0 = performance.now();
  const results: ScenarioResult[] = new Array(scenarios.length);
  let next = 0;
  const start = (s: Scenario) => {
    opts.events?.scenarioStart?.(s);
    return runScenario(s, { backend: opts.backend, onStep: (r) => opts.events?.step?.(s, r), signal: opts.signal, beforeClose: opts.beforeClose, stateDiff: opts.stateDiff });
  };
  const worker = async () => {
    while (next < scenarios.length) {
      const i = next++;
      const s = scenarios[i]!;
      results[i] = opts.signal?.aborted ? notStarted(s, INTERRUPTED) : await start(s); // interrupted: no new sandbox
      if (opts.cell) results[i]!.cell = opts.cell;
      opts.events?.scenarioEnd?.(results[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.jobs, scenarios.length)) }, worker));
  return { results, fileErrors, durationMs: performance.now() - t0, backend: opts.backend.name };
}
