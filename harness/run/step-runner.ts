// Runs one step inside a live sandbox: its command (re-run until `within` when polling), its
// background process, or a stop; then checks its expectations and decides its outcome.
import { scaledMs, type Sandbox } from '../backends/backend.js';
import { InfrastructureError } from '../errors.js';
import { outputCutNote, type CommandResult } from '../exec/command-result.js';
import type { SandboxProcess } from '../exec/process.js';
import { evaluate } from '../expect/evaluate.js';
import { watchStep, type FlowMemory } from '../explain/explain-step.js';
import type { Verdict } from '../expect/verdict.js';
import { backgroundId, stepAction, type Step } from '../scenario/scenario.js';
import { DEFAULT_KSELFTEST_TIMEOUT_MS, DEFAULT_STEP_TIMEOUT_MS } from '../scenario/schema.js';
import { sandboxLimits } from '../expect/sandbox-limits.js';
import { runKselftest, type KselftestRun } from './kselftest-step.js';
import { startBackground } from './background.js';
import { ERR_TRAP, takeFailedLine } from './failing-line.js';
import { interruptAfter } from './interrupt.js';
import { xfailApplies, xfailOutcome } from './xfail.js';
import { queryArgv } from './netns-argv.js';
import { pollUntil } from '../exec/poll.js';
import { cpuContention } from '../exec/spare-time.js';
import { stepArgv } from './staged-script.js';
import type { StepResult } from './results.js';
import { exportPrefix, saveVars, withVars, type Vars } from './variables.js';
import { STEP_PATH } from './step-path.js';
import { kernelFeatureHint } from './kernel-features.js';
import type { Terminals } from './terminals.js';
import { watchMemoryLimit } from './memory-watch.js';

export interface StepEnv {
  sandbox: Sandbox;
  backgrounds: Map<string, SandboxProcess>;
  vars: Vars;
  /** The sandbox's kernel release, for `xfail.when`. */
  kernel?: string;
  /** The last flow a connectivity step sent, for explaining a failure; shared by a scenario's steps. */
  flows?: FlowMemory;
  /** The shells `terminal:` steps type into, kept for the scenario. */
  terminals?: Terminals;
}

interface Attempt {
  result?: CommandResult;
  verdicts: Verdict[];
  /** A kselftest step's subtests and exit-status verdict. */
  selftest?: KselftestRun;
}

const firstLine = (s: string) => {
  const t = s.trim();
  const line = t.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line + (t.includes('\n') ? ' …' : '');
};

function failureMessage(verdicts: Verdict[]): string | undefined {
  const bad = verdicts.find((v) => !v.ok);
  return bad && `${bad.kind}: expected ${bad.expected}, got ${firstLine(bad.actual) || '(nothing)'}`;
}

async function attemptStep(step: Step, env: StepEnv, timeoutMs: number, stopped?: CommandResult): Promise<Attempt> {
  const { sandbox, backgrounds, vars } = env;
  const ctx = {
    query: (command: string) => sandbox.exec(queryArgv(step.in, command), { timeoutMs, label: command }),
    background: (id: string) => backgrounds.get(id),
    interrupted: step.interrupt_after !== undefined,
  };
  let result = stopped;
  let selftest: KselftestRun | undefined;
  const saved: Verdict[] = [];
  if (step.run !== undefined && step.terminal !== undefined) {
    if (!env.terminals) throw new InfrastructureError(`step "${step.name}" wants terminal ${step.terminal}, but this run keeps no terminals`);
    result = await env.terminals.run(step, exportPrefix(vars), step.run, timeoutMs);
    saved.push(...saveVars(step.save, result.stdout, vars));
  } else if (step.run !== undefined) {
    const prefix = ERR_TRAP + STEP_PATH + exportPrefix(vars);
    const script = step.interrupt_after === undefined ? prefix + step.run : interruptAfter(step.interrupt_after, prefix + step.run);
    result = takeFailedLine(await sandbox.exec(await stepArgv(sandbox, step.in, script), { timeoutMs, label: step.run }), prefix);
    saved.push(...saveVars(step.save, result.stdout, vars));
  } else if (step.kselftest !== undefined) {
    selftest = await runKselftest(sandbox, step, exportPrefix(vars), timeoutMs);
    result = selftest.result;
  }
  // What a stopped background printed is judged, but its exit status (it was killed) is not;
  // a selftest's exit status is judged by kselftest's rule instead.
  const expect = withVars({ ...(stopped || selftest ? { exit: 'any' as const } : {}), ...step.expect }, vars);
  const judged = await evaluate(expect, { ...ctx, result });
  if (!selftest) return { result, verdicts: [...withKernelHint(judged, result), ...saved] };
  const own: Verdict = {
    kind: 'kselftest',
    ok: selftest.verdict.outcome !== 'fail',
    expected: 'exit 0 (pass) or 4 (skip)',
    actual: selftest.verdict.message ?? 'exit 0',
  };
  return { result, selftest, verdicts: [own, ...judged.filter((v) => v.kind !== 'exit')] };
}

/** A failed exit status that the kernel caused (an unknown link or qdisc kind) says what to declare. */
function withKernelHint(verdicts: Verdict[], result: CommandResult | undefined): Verdict[] {
  const hint = result && kernelFeatureHint(result);
  return hint ? verdicts.map((v) => (v.kind === 'exit' && !v.ok ? { ...v, actual: `${hint}; ${v.actual}` } : v)) : verdicts;
}

async function checkWithin(step: Step, env: StepEnv, timeoutMs: number, stopped?: CommandResult): Promise<Attempt & { attempts: number }> {
  let attempts = 0;
  const once = async () => {
    attempts++;
    const a = await attemptStep(step, env, timeoutMs, stopped);
    return { done: a.verdicts.every((v) => v.ok), value: a };
  };
  const within = step.expect?.within;
  const a = within === undefined ? (await once()).value : await pollUntil(once, scaledMs(env.sandbox, within), { contention: cpuContention });
  return { ...a, attempts };
}

/** Runs `step`; never throws for a recipe's failure, only for infrastructure trouble. */
export async function runStep(step: Step, env: StepEnv): Promise<StepResult> {
  const t0 = performance.now();
  const action = stepAction(step);
  const timeoutMs = step.timeout ?? (action === 'kselftest' ? DEFAULT_KSELFTEST_TIMEOUT_MS : DEFAULT_STEP_TIMEOUT_MS);
  let readyFailure: Verdict | undefined;
  let stopped: CommandResult | undefined;
  const memoryLimit = await watchMemoryLimit(env.sandbox);

  if (step.skip_unless) {
    const probe = await env.sandbox.exec(await stepArgv(env.sandbox, step.in, STEP_PATH + step.skip_unless.run), { timeoutMs, label: step.skip_unless.run });
    if (probe.exitCode !== 0)
      return { step, outcome: 'skip', durationMs: performance.now() - t0, verdicts: [], attempts: 0, message: `skipped: ${step.skip_unless.reason}` };
  }

  if (action === 'background') {
    const { proc, outcome } = await startBackground(env.sandbox, step.in, step.background!, step.ready, timeoutMs, STEP_PATH + exportPrefix(env.vars));
    env.backgrounds.set(backgroundId(step), proc);
    if (!outcome.ready) readyFailure = { kind: 'ready', ok: false, expected: 'ready', actual: `${outcome.why}\n${proc.stdout}${proc.stderr}` };
  } else if (action === 'stop') {
    stopped = await env.backgrounds.get(step.stop!)?.stop();
  }

  if (env.flows) env.flows.current = readyFailure ? undefined : watchStep(step, env.flows);
  let a: Attempt & { attempts: number } = { verdicts: [], attempts: 1 };
  let lost: Error | undefined;
  try {
    a = readyFailure ? { verdicts: [readyFailure], attempts: 1 } : await checkWithin(step, env, timeoutMs, stopped);
  } catch (err) {
    if (env.sandbox.alive() || !(err instanceof Error)) throw err;
    lost = err; // the sandbox went away under the step: its doing if its memory limit killed PID 1
  }
  const oom = await memoryLimit();
  if (!env.sandbox.alive()) {
    if (!oom) throw lost ?? new InfrastructureError(`the sandbox died during step "${step.name}"`);
    a.verdicts.unshift({ ...oom, actual: `${oom.actual}, and the sandbox ended (its PID 1, the executor, went too)` });
  } else if (oom) a.verdicts.unshift(oom);
  const failed = a.verdicts.some((v) => !v.ok);
  let outcome: StepResult['outcome'] = failed ? 'fail' : 'pass';
  const result = 'result' in a ? a.result : undefined;
  const cut = outputCutNote(result);
  let message = failureMessage(a.verdicts);
  if (message && cut) message += ` (${cut})`;
  const selftest = 'selftest' in a ? a.selftest : undefined;
  if (!failed && selftest?.verdict.outcome === 'skip') ({ outcome, message } = { outcome: 'skip', message: selftest.verdict.message });
  // A selftest that skipped did not run: neither the failure an xfail expects nor a pass against it.
  if (step.xfail !== undefined && outcome !== 'skip' && xfailApplies(step.xfail, env.kernel))
    ({ outcome, message } = xfailOutcome(step.xfail, failed, message));
  const limits = outcome === 'pass' && result ? sandboxLimits(result) : [];
  return {
    step,
    outcome,
    durationMs: performance.now() - t0,
    ...(result ? { result } : {}),
    ...(selftest ? { subtests: selftest.subtests } : {}),
    ...(limits.length ? { limits } : {}),
    verdicts: a.verdicts,
    attempts: a.attempts,
    ...(message ? { message } : {}),
  };
}
