// Runs scenarios in every cell of a run (one for netns, one per distro x flavour, one per
// kernel): probe each cell's backend, record the cells that cannot run, close each backend.
import { modulesFor, type ModuleReport } from '../backends/kernel-modules.js';
import type { Cell } from '../backends/registry.js';
import { InfrastructureError, type ScenarioFileError } from '../errors.js';
import type { Scenario } from '../scenario/scenario.js';
import type { RunSummary } from './results.js';
import { DurationHistory } from './durations.js';
import { runSuite, type SuiteOptions } from './suite-runner.js';

export interface CellRunOptions extends Omit<SuiteOptions, 'backend' | 'cell'> {
  /** The backend as --backend names it ("container"), for the summary. */
  backend: string;
  /** Called before a cell's scenarios start (its label is empty for netns). */
  onCell?(label: string): void;
  /** Called with what a cell's backend did about kernel modules before its first sandbox. */
  onModules?(report: ModuleReport): void;
  /** Called when a cell's backend cannot run here (the run goes on with the other cells). */
  onBrokenCell?(label: string, message: string): void;
}

export async function runCells(cells: Cell[], scenarios: Scenario[], fileErrors: ScenarioFileError[], opts: CellRunOptions): Promise<RunSummary> {
  const summary: RunSummary = { results: [], fileErrors, durationMs: 0, backend: opts.backend, brokenCells: [] };
  const history = opts.history ?? (await DurationHistory.load());
  for (const { label, backend } of cells) {
    // Once interrupted, no backend starts: runSuite then reports every scenario as skipped.
    if (!opts.signal?.aborted) {
      try {
        await backend.probe();
        opts.onModules?.(await backend.loadModules(modulesFor(scenarios)));
      } catch (err) {
        await backend.close?.();
        if (!(err instanceof InfrastructureError)) throw err;
        opts.onBrokenCell?.(label, err.message);
        summary.brokenCells!.push({ cell: label || backend.name, message: err.message });
        continue;
      }
    }
    opts.onCell?.(label);
    try {
      const part = await runSuite(scenarios, [], { ...opts, history, backend, jobs: Math.min(opts.jobs, backend.maxJobs ?? opts.jobs), ...(label ? { cell: label } : {}) });
      summary.results.push(...part.results);
      summary.durationMs += part.durationMs;
    } finally {
      await backend.close?.();
    }
  }
  await history.save();
  return summary;
}
