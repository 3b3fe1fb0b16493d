// Runs many scenarios, `jobs` at a time (each in its own sandbox, so they cannot interfere),
// the longest first, and reports progress through callbacks. Results keep the given order.
import type { LimitFunction } from 'p-limit';
import type { Backend, SandboxInfo } from '../backends/backend.js';
import type { Scenario, Step } from '../scenario/scenario.js';
import { INTERRUPTED, type RunSummary, type ScenarioResult, type StepResult } from './results.js';
import { roomOnCpu } from './concurrency.js';
import { historyName, longestFirst, type DurationHistory } from './duration-history.js';
import { notStarted, runScenario, type ScenarioRunOptions } from './scenario-runner.js';
import type { Bail } from './bail.js';
import { withRetries } from './retries.js';

export interface SuiteEvents {
  scenarioStart?(s: Scenario, cell?: string): void;
  /** Run `attempt` of a scenario starts because the one before (`failed`) failed (--retries). */
  scenarioRetry?(failed: ScenarioResult, attempt: number, of: number): void;
  stepStart?(s: Scenario, step: Step, cell?: string): void;
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
  /** Reruns of a failed scenario, each in a fresh sandbox (run/retries.ts). @default 0 */
  retries?: number;
  /** Stops starting scenarios after enough failures (--bail), shared by every cell of the run. */
  bail?: Bail;
  /** Ids of the scenarios whose failures do not fail the run (the config's `quarantine`). */
  quarantine?: ReadonlySet<string>;
}

export async function runSuite(scenarios: Scenario[], opts: SuiteOptions): Promise<RunSummary> {
  const t0 = performance.now();
  const results = new Array<ScenarioResult>(scenarios.length);
  const key = opts.backend.name;
  const order = longestFirst(
    scenarios.map((s) => ({ id: historyName(s), steps: s.steps })),
    (name) => opts.history?.get(key, name),
  );
  let next = 0;
  const retries = opts.retries ?? 0;
  /** Why no scenario (or rerun) starts any more, if none does: an interrupt or --bail. */
  const held = () => (opts.signal?.aborted ? INTERRUPTED : opts.bail?.reached ? opts.bail.why : undefined);
  const start = (s: Scenario) => {
    opts.events?.scenarioStart?.(s, opts.cell);
    const once = (attempt: number) =>
      runScenario(s, {
        backend: opts.backend,
        onStepStart: (step) => opts.events?.stepStart?.(s, step, opts.cell),
        onStep: (r) => opts.events?.step?.(s, r, opts.cell),
        signal: opts.signal,
        beforeClose: opts.beforeClose,
        stateDiff: opts.stateDiff,
        attempt,
      });
    const onRetry = (failed: ScenarioResult, attempt: number) =>
      opts.events?.scenarioRetry?.(Object.assign(failed, opts.cell ? { cell: opts.cell } : {}), attempt, retries + 1);
    return withRetries(once, { retries, stopped: () => held() !== undefined, onRetry });
  };
  const slot = <T>(f: () => Promise<T>): Promise<T> => (opts.slots ? opts.slots(f) : f());
  const worker = async () => {
    while (next < scenarios.length) {
      const i = order[next++]!;
      const s = scenarios[i]!;
      if (next > 1 && !opts.skip?.has(s)) await roomOnCpu(opts.signal);
      const skipWhy = opts.skip?.get(s);
      results[i] =
        skipWhy !== undefined
          ? notStarted(s, skipWhy)
          : await slot(() => {
              const why = held();
              return why ? Promise.resolve(notStarted(s, why)) : start(s); // no new sandbox
            });
      const r = results[i];
      if (r.outcome === 'pass' || r.outcome === 'fail' || r.outcome === 'flaky') opts.history?.record(key, historyName(s), r.durationMs);
      if (opts.cell) r.cell = opts.cell;
      if (opts.quarantine?.has(s.id)) r.quarantined = true;
      opts.bail?.note(r);
      opts.events?.scenarioEnd?.(results[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.jobs, scenarios.length)) }, worker));
  // A skipped scenario's report sits in the same matrix column as its cell's others.
  const info = results.find((r) => r.info)?.info ?? opts.skipInfo;
  if (info) scenarios.forEach((s, i) => opts.skip?.has(s) && (results[i]!.info ??= info));
  return { results, fileErrors: [], durationMs: performance.now() - t0, backend: opts.backend.name };
}
