// Runs one scenario from a fresh sandbox to its teardown: requirements, world, steps in order
// (the rest skipped after a failure), diagnostics on failure, and cleanup that always runs.
import type { Backend, Sandbox, SandboxInfo } from '../backends/backend.js';
import { InfrastructureError } from '../errors.js';
import { namespaceScript } from '../exec/namespaces.js';
import type { SandboxProcess } from '../exec/process.js';
import type { Scenario, Step } from '../scenario/scenario.js';
import { explainStep, notExplained, type FlowMemory } from '../explain/explain-step.js';
import { isConnectivityStep } from '../explain/flow.js';
import { diffStates, snapshotState } from '../state/state-diff.js';
import { buildWorld } from '../world/world.js';
import { newRequirementFacts, unmetRequirements, type RequirementFacts } from './requirements.js';
import { INTERRUPTED, isFailure, scenarioOutcome, type ScenarioResult, type StepResult } from './results.js';
import { sandboxInfo } from './sandbox-info.js';
import { runStep } from './step-runner.js';
import { installStepCommands } from './step-path.js';
import { readTopology } from './topology.js';
import { Terminals } from './terminals.js';
import type { Vars } from './variables.js';
import { ATTEMPT_VARIABLE } from './retries.js';

const DIAGNOSTICS = namespaceScript(import.meta.url, './diagnostics.sh');

/** Facts of a backend learnt from its first sandboxes and reused by the next ones. */
interface BackendFacts {
  info?: SandboxInfo;
  requirements: RequirementFacts;
}
const FACTS = new WeakMap<Backend, BackendFacts>();
function factsOf(backend: Backend): BackendFacts {
  let f = FACTS.get(backend);
  if (!f) FACTS.set(backend, (f = { requirements: newRequirementFacts() }));
  return f;
}

export interface ScenarioRunOptions {
  backend: Backend;
  /** Run steps up to and including this index, then stop (for `netrecipes shell`). */
  untilStep?: number;
  /** Called as a step starts (live progress). */
  onStepStart?: (step: Step) => void;
  onStep?: (r: StepResult) => void;
  /** Called with the live sandbox before teardown, its backgrounds still running (interactive shell, --keep, record). */
  beforeClose?: (sandbox: Sandbox, result: ScenarioResult) => Promise<void>;
  signal?: AbortSignal;
  /**
   * Snapshot every namespace after each step and record what it changed (`StepResult.changes`).
   * @default false
   */
  stateDiff?: boolean;
  /** Which run of this scenario this is (--retries): 1, then 2 for the first rerun. @default 1 */
  attempt?: number;
}

function skipped(scenario: Scenario, from: number, message: string): StepResult[] {
  return scenario.steps.slice(from).map((step) => ({ step, outcome: 'skip' as const, durationMs: 0, verdicts: [], attempts: 0, message }));
}

async function diagnose(sandbox: Sandbox): Promise<string> {
  if (!sandbox.alive()) return sandbox.deathReport?.() ?? '(sandbox is gone)';
  const r = await sandbox.exec(['bash', '-c', DIAGNOSTICS], { timeoutMs: 15_000, label: 'diagnostics' });
  return r.stdout + r.stderr;
}

/**
 * A step that ran as expected but printed other lines than its document shows: the rest of the
 * document still replays (it does not depend on what was printed), so one run finds every mismatch.
 */
function onlyTranscriptMismatch(r: StepResult): boolean {
  const bad = r.verdicts.filter((v) => !v.ok);
  return r.outcome === 'fail' && bad.length > 0 && bad.every((v) => v.kind === 'transcript');
}

/** A scenario that never got a sandbox: every step skipped for `why`. */
export function notStarted(scenario: Scenario, why: string): ScenarioResult {
  return { scenario, outcome: 'skip', steps: skipped(scenario, 0, why), durationMs: 0, startedAt: new Date(), message: why };
}

/**
 * An error thrown while a scenario ran, as its report says it: an infrastructure error in its
 * own words (the report already says it is one), anything else with its name ("TypeError: ...").
 */
function errorText(err: unknown): string {
  if (err instanceof InfrastructureError) return err.message;
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** One run of a scenario: its sandbox, what its steps share, and the result they build. */
class ScenarioRun {
  readonly result: ScenarioResult;
  sandbox?: Sandbox;
  private readonly t0: number;
  private readonly steps: StepResult[] = [];
  private readonly backgrounds = new Map<string, SandboxProcess>();
  private readonly vars: Vars = new Map();
  private readonly flows: FlowMemory = {};
  private terminals?: Terminals;
  /** The index of the last step to run: `untilStep`, else the scenario's last. */
  private readonly last: number;

  constructor(
    private readonly scenario: Scenario,
    private readonly opts: ScenarioRunOptions,
  ) {
    const startedAt = new Date();
    this.t0 = performance.now();
    this.result = { scenario, outcome: 'pass', steps: this.steps, durationMs: 0, startedAt };
    if ((opts.attempt ?? 1) > 1) this.vars.set(ATTEMPT_VARIABLE, String(opts.attempt));
    this.last = opts.untilStep ?? scenario.steps.length - 1;
  }

  private get interrupted(): boolean {
    return this.opts.signal?.aborted === true;
  }

  private emit(r: StepResult): void {
    this.steps.push(r);
    this.opts.onStep?.(r);
  }

  /** The sandbox made ready, the steps run, the outcome judged. */
  async play(): Promise<void> {
    const sandbox = await this.open();
    if (!sandbox) return;
    await this.runSteps(sandbox);
    await this.conclude(sandbox);
  }

  /**
   * A fresh sandbox, furnished and given the scenario's memory limit and world; undefined when
   * no step is to run in it (the run was interrupted, or a requirement is not met).
   */
  private async open(): Promise<Sandbox | undefined> {
    const { backend } = this.opts;
    backend.furnish ??= installStepCommands;
    const sandbox = (this.sandbox = await backend.create());
    if (this.interrupted) {
      Object.assign(this.result, notStarted(this.scenario, INTERRUPTED));
      return undefined;
    }
    if (this.scenario.resources?.memory !== undefined) await sandbox.memory?.set(this.scenario.resources.memory);
    const facts = factsOf(backend);
    facts.requirements.modules ??= backend.modules;
    this.result.info = facts.info ??= await sandboxInfo(sandbox);
    const unmet = await unmetRequirements(sandbox, this.scenario, facts.requirements);
    if (unmet) {
      this.result.outcome = 'skip';
      this.result.message = unmet;
      skipped(this.scenario, 0, unmet).forEach((r) => this.emit(r));
      return undefined;
    }
    await installStepCommands(sandbox); // nothing to do when the backend furnished it
    if (this.scenario.world) await buildWorld(sandbox, this.scenario.world);
    return sandbox;
  }

  /** The steps in order, up to `last`; after a failed one, or an interrupt, the rest are skipped. */
  private async runSteps(sandbox: Sandbox): Promise<void> {
    let state = this.opts.stateDiff ? await snapshotState(sandbox) : undefined;
    for (const step of this.scenario.steps.slice(0, this.last + 1)) {
      if (this.interrupted) {
        skipped(this.scenario, step.index, INTERRUPTED).forEach((r) => this.emit(r));
        return;
      }
      this.opts.onStepStart?.(step);
      const r = await this.stepResult(sandbox, step);
      if (state && r.outcome !== 'skip') {
        const now = await this.ask(sandbox, () => snapshotState(sandbox));
        if (now) {
          r.changes = diffStates(state, now);
          state = now;
        }
      }
      // After the diff: explaining may replay a probe, which is not the step's doing.
      if (r.outcome === 'fail') await this.explain(sandbox, step, r);
      this.emit(r);
      if (onlyTranscriptMismatch(r)) continue;
      if (isFailure(r.outcome)) {
        skipped(this.scenario, step.index + 1, `skipped: step ${step.index + 1} "${step.name}" ${r.outcome === 'fail' ? 'failed' : 'errored'}`)
          .slice(0, Math.max(0, this.last - step.index))
          .forEach((s) => this.emit(s));
        return;
      }
    }
  }

  /** One step run and judged: anything thrown meanwhile is that step's error, with its line. */
  private async stepResult(sandbox: Sandbox, step: Step): Promise<StepResult> {
    try {
      const terminals = (this.terminals ??= new Terminals(sandbox));
      return await runStep(step, { sandbox, backgrounds: this.backgrounds, vars: this.vars, kernel: this.result.info?.kernel, flows: this.flows, terminals });
    } catch (err) {
      return { step, outcome: 'error', durationMs: 0, verdicts: [], attempts: 1, message: this.interrupted ? INTERRUPTED : errorText(err) };
    }
  }

  /**
   * What the harness asks a sandbox after a step (its state, an explanation), or undefined when
   * the sandbox is gone: past an interrupt it is closing, and a memory limit may have ended it.
   * Gone while asked, the step keeps its own verdicts.
   */
  private async ask<T>(sandbox: Sandbox, work: () => Promise<T>): Promise<T | undefined> {
    const gone = () => this.interrupted || !sandbox.alive();
    if (gone()) return undefined;
    try {
      return await work();
    } catch (err) {
      if (gone()) return undefined;
      throw err;
    }
  }

  /** Why a failed connectivity step failed, from the still-live sandbox; or that it is not explained. */
  private async explain(sandbox: Sandbox, step: Step, r: StepResult): Promise<void> {
    const flow = this.flows.current;
    const explanation = flow && (await this.ask(sandbox, () => explainStep(sandbox, flow, r.result)));
    if (explanation?.length) r.explanation = explanation;
    else if (!explanation && isConnectivityStep(step)) r.explanation = [notExplained(step)];
  }

  /** The scenario's outcome from its steps; unless interrupted, diagnostics after a failure and the topology. */
  private async conclude(sandbox: Sandbox): Promise<void> {
    this.result.outcome = scenarioOutcome(this.steps);
    if (this.interrupted) this.result.message ??= INTERRUPTED;
    else {
      if (isFailure(this.result.outcome)) this.result.diagnostics = await diagnose(sandbox);
      this.result.topology = await readTopology(sandbox);
    }
  }

  /** Something outside the steps threw: making the sandbox, its world, diagnostics, the topology. */
  ended(err: unknown): void {
    // The interrupt closed the sandbox under whatever ran next (diagnostics, a topology read):
    // that is the interrupt's doing, not an infrastructure error; the steps keep their verdicts.
    if (this.interrupted && this.sandbox) {
      skipped(this.scenario, this.steps.length, INTERRUPTED).forEach((r) => this.emit(r));
      this.result.outcome = scenarioOutcome(this.steps);
      this.result.message = INTERRUPTED;
      return;
    }
    this.result.outcome = 'error';
    this.result.message = errorText(err);
    // The step that was to run next carries the error (a JUnit <error>); the rest are skipped.
    const rest = skipped(this.scenario, this.steps.length, `skipped: ${this.result.message}`);
    if (rest[0]) rest[0] = { ...rest[0], outcome: 'error', message: this.result.message };
    rest.forEach((r) => this.emit(r));
  }

  /** Gives the live sandbox to `beforeClose`, then stops what runs in it and closes it. */
  async teardown(): Promise<void> {
    try {
      // A shell or a recording opened here finds the scenario's servers and captures still running.
      if (this.sandbox) await this.opts.beforeClose?.(this.sandbox, this.result);
    } finally {
      for (const proc of this.backgrounds.values()) await proc.stop(500);
      await this.terminals?.close();
      await this.sandbox?.close();
    }
    this.result.durationMs = performance.now() - this.t0;
  }
}

/** Runs `scenario` in a fresh sandbox of `opts.backend`, from its requirements to its teardown. */
export async function runScenario(scenario: Scenario, opts: ScenarioRunOptions): Promise<ScenarioResult> {
  const run = new ScenarioRun(scenario, opts);
  // An interrupt ends the sandbox at once: the running step's processes die with it, the step
  // is reported, the rest skipped, and the reports still get written.
  const onAbort = () => void run.sandbox?.close();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await run.play();
  } catch (err) {
    run.ended(err);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await run.teardown();
  }
  return run.result;
}
