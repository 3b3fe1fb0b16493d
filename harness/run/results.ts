// What a run produced, as plain data for the reporters (console, JUnit).
import type { SandboxInfo } from '../backends/backend.js';
import type { CommandResult } from '../exec/command-result.js';
import type { Verdict } from '../expect/verdict.js';
import type { Subtest } from '../expect/kselftest.js';
import type { SandboxLimit } from '../expect/sandbox-limits.js';
import type { Scenario, Step } from '../scenario/scenario.js';
import type { ScenarioFileError } from '../errors.js';

/**
 * An outcome; 'xfail' is a step that failed as its `xfail:` said it would; 'flaky' is a scenario
 * that failed and then passed on a rerun (`--retries`), never a step's.
 */
export type Outcome = 'pass' | 'fail' | 'skip' | 'error' | 'xfail' | 'flaky';
/** A scenario's outcome: an expected failure is a step's, never a whole scenario's. */
export type ScenarioOutcome = Exclude<Outcome, 'xfail'>;
/** What one run of a scenario's steps can end in (flaky takes two runs). */
type AttemptOutcome = Exclude<ScenarioOutcome, 'flaky'>;

/** The sandbox's network at the end of a scenario, per namespace: `ip -j -d link`, `ip -j addr` and `ip -j route show default`. */
export type Topology = Record<
  string,
  {
    links: Record<string, unknown>[];
    addrs: Record<string, unknown>[];
    ids?: { nsid: number; name?: string }[];
    routes?: { dst?: string; gateway?: string; dev?: string }[];
  }
>;

export interface StepResult {
  step: Step;
  outcome: Outcome;
  durationMs: number;
  /** The step's command result (last attempt when polled). */
  result?: CommandResult;
  verdicts: Verdict[];
  /** Why it failed, errored or was skipped, in one line. */
  message?: string;
  /** Why a connectivity step failed, one finding a line, from evidence taken in the sandbox. */
  explanation?: string[];
  /** A kselftest step's results, as it printed them (TEST:, PASS:/FAIL:/SKIP:, KTAP). */
  subtests?: Subtest[];
  /** What the sandbox refused a passing step (a selftest's dmesg, a host-only sysctl...): it passed, but less was tested. */
  limits?: SandboxLimit[];
  /** What the step changed in the sandbox's network (with --state-diff), grouped by namespace. */
  changes?: string[];
  attempts: number;
}

export interface ScenarioResult {
  scenario: Scenario;
  outcome: ScenarioOutcome;
  steps: StepResult[];
  durationMs: number;
  info?: SandboxInfo;
  /** Why the whole scenario was skipped or errored. */
  message?: string;
  diagnostics?: string;
  startedAt: Date;
  /** Which cell of a matrix run ("bookworm/nft"); absent on the netns backend. */
  cell?: string;
  topology?: Topology;
  /** The runs of this scenario that failed before this one (`--retries`), oldest first. */
  earlier?: ScenarioResult[];
  /** Listed in the config's `quarantine`: reported, but its failure does not fail the run. */
  quarantined?: boolean;
}

export interface RunSummary {
  results: ScenarioResult[];
  fileErrors: ScenarioFileError[];
  durationMs: number;
  backend: string;
  /** Cells whose backend could not run at all, with why (exit 3). */
  brokenCells?: { cell: string; message: string }[];
  /** Wall time of each cell of a matrix run (cells may run side by side). */
  cellMs?: Record<string, number>;
}

/** One scenario's outcome from its steps: error beats fail; all skipped is skip; else pass (expected failures included). */
export function scenarioOutcome(steps: StepResult[]): AttemptOutcome {
  const o = steps.map((s) => s.outcome);
  if (o.includes('error')) return 'error';
  if (o.includes('fail')) return 'fail';
  if (o.length && o.every((x) => x === 'skip')) return 'skip';
  return 'pass';
}

/** Failed or errored: what reports list first and a CI job fails on (also JUnit's outcome strings). */
export const isFailure = (outcome: string): boolean => outcome === 'fail' || outcome === 'error';

/** Failed for good, and not quarantined: what makes a run exit non-zero (and what --bail counts). */
export const failsTheRun = (r: Pick<ScenarioResult, 'outcome' | 'quarantined'>): boolean => isFailure(r.outcome) && !r.quarantined;

/** The scenario runs that failed or errored, in the run's order. */
export const failedResults = (summary: Pick<RunSummary, 'results'>): ScenarioResult[] => summary.results.filter((r) => isFailure(r.outcome));

/** The step a failed scenario is reported at: its first failed or errored step (none when it errored before any). */
export const firstFailingStep = (r: Pick<ScenarioResult, 'steps'> | undefined): StepResult | undefined => r?.steps.find((s) => isFailure(s.outcome));

/** Why a scenario or a step did not run: SIGINT or SIGTERM came first. */
export const INTERRUPTED = 'run interrupted';
