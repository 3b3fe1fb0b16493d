// The programmatic API of netrecipes (`import { ... } from 'netrecipes'`): find and load
// scenarios, run them on a backend, read the results, write the reports. The CLI is built on the
// same functions.
//
//   import { loadScenarios, runScenarios, writeReports, exitCodeOf } from 'netrecipes';
//   const { scenarios, errors } = await loadScenarios(['scenarios']);
//   const summary = await runScenarios(scenarios, { backend: 'netns' });
//   await writeReports(summary, { out: 'reports' });
//   process.exitCode = exitCodeOf(summary);
import { backendCells, type CellOptions } from './backends/registry.js';
import { DEFAULT_BACKEND } from './backends/choices.js';
import { defaultJobs } from './run/concurrency.js';
import type { ScenarioFileError } from './errors.js';
import type { RunSummary } from './run/results.js';
import { runCells, type CellRunOptions } from './run/run-cells.js';
import type { Scenario } from './scenario/scenario.js';

export interface RunScenariosOptions extends CellOptions, Partial<Omit<CellRunOptions, 'jobs' | 'backend'>> {
  /** One of BACKEND_NAMES. @default DEFAULT_BACKEND ("netns") */
  backend?: string;
  /** Scenarios run at once (each in its own sandbox). @default 4 per core, fewer if memory is short (run/concurrency.ts) */
  jobs?: number;
  /** Files that failed to load, carried into the summary (and the reports). @default [] */
  fileErrors?: ScenarioFileError[];
}

/** Runs scenarios in fresh sandboxes on a backend (every cell of it: distros, kernels...). */
export function runScenarios(scenarios: Scenario[], options: RunScenariosOptions = {}): Promise<RunSummary> {
  const { backend = DEFAULT_BACKEND, jobs = defaultJobs().jobs, fileErrors = [], ...rest } = options;
  return runCells(backendCells(backend, rest), scenarios, fileErrors, { ...rest, backend, jobs });
}

export { loadScenarios, parseScenario, type LoadResult } from './scenario/load.js';
export { selectScenarios, defaultScenarioPaths, BUNDLED_SCENARIOS, type SelectOptions, type Selection } from './cli/select.js';
export { loadProject, defineConfig, CONFIG_FILES, type NetrecipesConfig, type Project } from './config/project-config.js';
export { BACKEND_NAMES, DEFAULT_BACKEND } from './backends/choices.js';
export { backendCells, backendNamed, type Cell, type CellOptions } from './backends/registry.js';
export type { Backend, Sandbox, SandboxInfo } from './backends/backend.js';
export type { Shortfall } from './backends/required-tools.js';
export { runScenario, type ScenarioRunOptions } from './run/scenario-runner.js';
export { runSuite, type SuiteEvents, type SuiteOptions } from './run/suite-runner.js';
export { runCells, prepareFor, type CellRunOptions } from './run/run-cells.js';
export { Bail } from './run/bail.js';
export { parseShard, shardIndexes, type Shard } from './run/shard.js';
export { EXIT, exitCodeOf } from './cli/exit-codes.js';
export { scenarioOutcome, type ScenarioOutcome, type Outcome, type RunSummary, type ScenarioResult, type StepResult } from './run/results.js';
export { writeReports, type ReportOptions, type ReportPaths } from './report/write-reports.js';
export { ktap } from './report/ktap.js';
export { markdownSummary } from './report/markdown.js';
export { consoleEvents, summaryText } from './report/console.js';
export { buildMatrix, changes, flakeRates, newlyFailing, readRuns, type FlakeRate, type Matrix, type MatrixChange } from './report/merge.js';
export { InfrastructureError, ScenarioFileError, UsageError, formatProblem, type FileProblem } from './errors.js';
export type { Scenario, Step } from './scenario/scenario.js';
export { VERSION } from './version.js';
