// Runs many scenarios, `jobs` at a time (each in its own sandbox, so they cannot interfere),
// the longest first, and reports progress through callbacks. Results keep the given order.
import type { LimitFunction } from 'p-limit';
import type { Backend, SandboxInfo } from '../backends/backend.js';
import type { Scenario } from '../scenario/scenario.js';
import { INTERRUPTED, type RunSummary, type ScenarioResult, type StepResult } from './results.js';
import { roomOnCpu } from './concurrency.js';
import { longestFirst, type DurationHistory } from './durations.js';
import { notStarted, runScenario, type ScenarioRunOptions } from './scenario-runner.js';

export interface SuiteEvents {
  scenarioStart?(s: Scenario, cell?: string): void;
  step?(s: Scenario, r: StepResult, cell?: string): void;
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
  /** Past durations: the longest scenarios start first, and this run's are recorded. */
  history?: DurationHistory;
  /** A job budget shared with other cells running at the same time. */
  slots?: LimitFunction;
  /** Record what each step changed (see ScenarioRunOptions.stateDiff). @default false */
  stateDiff?: boolean;
  /** Scenarios that get no sandbox, skipped for the reason given (their kernel's config lacks an option). */
  skip?: Map<Scenario, string>;
  /** What their reports say of the kernel when no scenario of the cell ran (else what the ones that ran found). */
  skipInfo?: SandboxInfo;
}

export async function runSuite(scenarios: Scenario[], opts: SuiteOptions): Promise<RunSummary> {
  const t0 = performance.now();
  const results: ScenarioResult[] = new Array(scenarios.length);
  const key = opts.backend.name;
  // A scenario is known by its file and id: another file's "web-test" is another scenario.
  const nameOf = (s: Scenario) => `${s.file}#${s.id}`;
  const order = longestFirst(scenarios.map((s) => ({ id: nameOf(s), steps: s.steps })), (name) => opts.history?.get(key, name));
  let next = 0;
  const start = (s: Scenario) => {
    opts.events?.scenarioStart?.(s, opts.cell);
    return runScenario(s, { backend: opts.backend, onStep: (r) => opts.events?.step?.(s, r, opts.cell), signal: opts.signal, beforeClose: opts.beforeClose, stateDiff: opts.stateDiff });
  };
  const slot = <T>(f: () => Promise<T>): Promise<T> => (opts.slots ? opts.slots(f) : f());
  const worker = async () => {
    while (next < scenarios.length) {
      const i = order[next++]!;
      const s = scenarios[i]!;
      if (next > 1 && !opts.skip?.has(s)) await roomOnCpu(opts.signal);
      const skipWhy = opts.skip?.get(s);
      if (skipWhy !== undefined) results[i] = notStarted(s, skipWhy);
      else results[i] = await slot(() => (opts.signal?.aborted ? Promise.resolve(notStarted(s, INTERRUPTED)) : start(s))); // interrupted: no new sandbox
      if (results[i]!.outcome === 'pass' || results[i]!.outcome === 'fail') opts.history?.record(key, nameOf(s), results[i]!.durationMs);
      if (opts.cell) results[i]!.cell = opts.cell;
      opts.events?.scenarioEnd?.(results[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.jobs, scenarios.length)) }, worker));
  // A skipped scenario's report sits in the same matrix column as its cell's others.
  const info = results.find((r) => r.info)?.info ?? opts.skipInfo;
  if (info) scenarios.forEach((s, i) => opts.skip?.has(s) && (results[i]!.info ??= info));
  return { results, fileErrors: [], durationMs: performance.now() - t0, backend: opts.backend.name };
}
