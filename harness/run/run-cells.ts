// Runs scenarios in every cell of a run (one for netns, one per distro x flavour, one per
// kernel): prepare each cell's backend, record the cells that cannot run, close each backend.
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import type { Backend } from '../backends/backend.js';
import { modulesFor, type ModuleReport } from '../backends/kernel-modules.js';
import type { Cell } from '../backends/registry.js';
import { InfrastructureError, type ScenarioFileError } from '../errors.js';
import { selftestProjects, type Scenario } from '../scenario/scenario.js';
import type { RunSummary } from './results.js';
import { coresPerGuest, guestsAtOnce } from '../backends/sandbox-budget.js';
import { availableMemory } from './concurrency.js';
import { DurationHistory } from './duration-history.js';
import { runSuite, type SuiteOptions } from './suite-runner.js';
import { configSkips, type ConfigSkips } from './kernel-config/config-skips.js';

export interface CellRunOptions extends Omit<SuiteOptions, 'backend' | 'cell' | 'skip' | 'skipInfo'> {
  /** The backend as --backend names it ("container"), for the summary. */
  backend: string;
  /** Called before a cell's scenarios start (its label is empty for netns). */
  onCell?(label: string): void;
  /** Called with what a cell's backend did about kernel modules before its first sandbox (and the backend, for its memory limit). */
  onModules?(report: ModuleReport, backend: Backend): void;
  /** Called with what the cell's kernel config allowed, before anything boots. */
  onKernelConfig?(label: string, said: string): void;
  /** Called when a cell's backend cannot run here (the run goes on with the other cells). */
  onBrokenCell?(label: string, message: string): void;
}

/** Makes `backend` ready for `scenarios`: prepared, and the kernel modules they need loaded. */
export async function prepareFor(backend: Backend, scenarios: Scenario[]): Promise<ModuleReport> {
  backend.share?.(selftestProjects(scenarios));
  await backend.prepare();
  return backend.loadModules(modulesFor(scenarios));
}

/**
 * Cells whose sandboxes are cheap and independent (netns, containers) run side by side, sharing
 * one job budget. VM cells each boot a guest with cores and memory of its own: they run side by
 * side too, as many at once as guestsAtOnce() allows, each with its own jobs inside and its share
 * of the host's cores (an emulated guest gets no more vCPUs than that: tcgCpus()).
 */
function sideBySide(backend: Backend): boolean {
  return backend.maxJobs === undefined;
}

export async function runCells(cells: Cell[], scenarios: Scenario[], fileErrors: ScenarioFileError[], opts: CellRunOptions): Promise<RunSummary> {
  const summary: RunSummary = { results: [], fileErrors, durationMs: 0, backend: opts.backend, brokenCells: [] };
  const history = opts.history ?? (await DurationHistory.load());
  const slots = pLimit(opts.jobs);
  /** Prepares a cell's backend; false (and the cell recorded as broken) when it cannot run here. */
  const skipsOf = new Map<Cell, ConfigSkips>();
  const ready = async (cell: Cell): Promise<boolean> => {
    const { label, backend } = cell;
    if (opts.signal?.aborted) return true; // no backend starts: runSuite reports every scenario as skipped
    try {
      const checked = await configSkips(backend, scenarios);
      const { skips, said } = checked;
      skipsOf.set(cell, checked);
      if (said) opts.onKernelConfig?.(label, said);
      const runnable = scenarios.filter((s) => !skips.has(s));
      if (!runnable.length) return true; // nothing boots: every scenario is skipped with its reason
      const modules = await prepareFor(backend, runnable); // not inside onModules?.(): an absent callback would skip it
      opts.onModules?.(modules, backend);
      return true;
    } catch (err) {
      await backend.close?.();
      if (!(err instanceof InfrastructureError)) throw err;
      opts.onBrokenCell?.(label, err.message);
      summary.brokenCells!.push({ cell: label || backend.name, message: err.message });
      return false;
    }
  };
  const run = async (cell: Cell): Promise<RunSummary> => {
    const { label, backend } = cell;
    opts.onCell?.(label);
    try {
      const shared = sideBySide(backend) && cells.length > 1 ? { slots } : {};
      const { skips, info } = skipsOf.get(cell) ?? {};
      const skip = skips?.size ? { skip: skips, ...(info ? { skipInfo: info } : {}) } : {};
      return await runSuite(scenarios, {
        ...opts,
        ...shared,
        history,
        backend,
        jobs: Math.min(opts.jobs, backend.maxJobs ?? opts.jobs),
        ...(label ? { cell: label } : {}),
        ...skip,
      });
    } finally {
      await backend.close?.();
    }
  };
  const t0 = performance.now();
  const parts = new Map<Cell, RunSummary>();
  const together = async () => {
    const up: Cell[] = [];
    for (const cell of cells.filter((c) => sideBySide(c.backend))) if (await ready(cell)) up.push(cell);
    await Promise.all(up.map(async (cell) => parts.set(cell, await run(cell))));
  };
  const guestCells = cells.filter((c) => !sideBySide(c.backend));
  const cores = availableParallelism();
  const atOnce = guestsAtOnce(cores, availableMemory());
  const share = coresPerGuest(cores, Math.min(atOnce, guestCells.length));
  for (const { backend } of guestCells) backend.shareCores?.(share);
  const guests = pLimit(atOnce);
  const inGuests = () => Promise.all(guestCells.map((cell) => guests(async () => (await ready(cell)) && parts.set(cell, await run(cell)))));
  await Promise.all([together(), inGuests()]);
  for (const cell of cells) {
    const part = parts.get(cell);
    if (!part) continue;
    summary.results.push(...part.results);
    if (cell.label) (summary.cellMs ??= {})[cell.label] = part.durationMs;
  }
  summary.durationMs = performance.now() - t0;
  await history.save();
  return summary;
}
