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
import { INTERRUPTED, isFailure, scenarioOutcome, type ScenarioResult, type StepResult, type Topology } from './results.js';
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

export async function runScenario(scenario: Scenario, opts: ScenarioRunOptions): Promise<ScenarioResult> {
  const startedAt = new Date();
  const t0 = performance.now();
  const steps: StepResult[] = [];
  const backgrounds = new Map<string, SandboxProcess>();
  const vars: Vars = new Map();
  if ((opts.attempt ?? 1) > 1) vars.set(ATTEMPT_VARIABLE, String(opts.attempt));
  const flows: FlowMemory = {};
  const result: ScenarioResult = { scenario, outcome: 'pass', steps, durationMs: 0, startedAt };
  let sandbox: Sandbox | undefined;
  let terminals: Terminals | undefined;
  const last = opts.untilStep ?? scenario.steps.length - 1;
  const emit = (r: StepResult) => {
    steps.push(r);
    opts.onStep?.(r);
  };

  // An interrupt ends the sandbox at once: the running step's processes die with it, the step
  // is reported, the rest skipped, and the reports still get written.
  const onAbort = () => void sandbox?.close();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    opts.backend.furnish ??= installStepCommands;
    sandbox = await opts.backend.create();
    if (opts.signal?.aborted) return Object.assign(result, notStarted(scenario, INTERRUPTED));
    if (scenario.resources?.memory !== undefined) await sandbox.memory?.set(scenario.resources.memory);
    const facts = factsOf(opts.backend);
    facts.requirements.modules ??= opts.backend.modules;
    result.info = facts.info ??= await sandboxInfo(sandbox);
    const unmet = await unmetRequirements(sandbox, scenario, facts.requirements);
    if (unmet) {
      result.outcome = 'skip';
      result.message = unmet;
      skipped(scenario, 0, unmet).forEach(emit);
      return result;
    }
    await installStepCommands(sandbox); // nothing to do when the backend furnished it
    if (scenario.world) await buildWorld(sandbox, scenario.world);
    let state = opts.stateDiff ? await snapshotState(sandbox) : undefined;

    for (const step of scenario.steps.slice(0, last + 1)) {
      if (opts.signal?.aborted) {
        skipped(scenario, step.index, INTERRUPTED).forEach(emit);
        break;
      }
      opts.onStepStart?.(step);
      let r: StepResult;
      try {
        r = await runStep(step, { sandbox, backgrounds, vars, kernel: result.info.kernel, flows, terminals: (terminals ??= new Terminals(sandbox)) });
      } catch (err) {
        // Anything thrown while running or judging a step is that step's error, with its line.
        const why = err instanceof InfrastructureError ? err.message : err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        r = { step, outcome: 'error', durationMs: 0, verdicts: [], attempts: 1, message: opts.signal?.aborted ? INTERRUPTED : why };
      }
      // Past an interrupt the sandbox is closing: nothing more is asked of it.
      const interrupted = opts.signal?.aborted === true;
      if (state && r.outcome !== 'skip' && !interrupted) {
        const now = await snapshotState(sandbox);
        r.changes = diffStates(state, now);
        state = now;
      }
      // After the diff: explaining may replay a probe, which is not the step's doing.
      if (r.outcome === 'fail' && flows.current && !interrupted) {
        const explanation = await explainStep(sandbox, flows.current, r.result);
        if (explanation.length) r.explanation = explanation;
      } else if (r.outcome === 'fail' && isConnectivityStep(step)) r.explanation = [notExplained(step)];
      emit(r);
      if (onlyTranscriptMismatch(r)) continue;
      if (isFailure(r.outcome)) {
        skipped(scenario, step.index + 1, `skipped: step ${step.index + 1} "${step.name}" ${r.outcome === 'fail' ? 'failed' : 'errored'}`)
          .slice(0, Math.max(0, last - step.index))
          .forEach(emit);
        break;
      }
    }
    result.outcome = scenarioOutcome(steps);
    if (opts.signal?.aborted) result.message ??= INTERRUPTED;
    else {
      if (isFailure(result.outcome)) result.diagnostics = await diagnose(sandbox);
      result.topology = await readTopology(sandbox);
    }
  } catch (err) {
    // The interrupt closed the sandbox under whatever ran next (diagnostics, a topology read):
    // that is the interrupt's doing, not an infrastructure error; the steps keep their verdicts.
    if (opts.signal?.aborted && sandbox) {
      skipped(scenario, steps.length, INTERRUPTED).forEach(emit);
      result.outcome = scenarioOutcome(steps);
      result.message = INTERRUPTED;
      return result;
    }
    result.outcome = 'error';
    result.message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    // The step that was to run next carries the error (a JUnit <error>); the rest are skipped.
    const rest = skipped(scenario, steps.length, `skipped: ${result.message}`);
    if (rest[0]) rest[0] = { ...rest[0], outcome: 'error', message: result.message };
    rest.forEach(emit);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    try {
      // A shell or a recording opened here finds the scenario's servers and captures still running.
      if (sandbox) await opts.beforeClose?.(sandbox, result);
    } finally {
      for (const proc of backgrounds.values()) await proc.stop(500);
      await terminals?.close();
      await sandbox?.close();
    }
    result.durationMs = performance.now() - t0;
  }
  return result;
}
