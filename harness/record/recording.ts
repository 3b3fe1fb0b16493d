// The loop of `record` and `shell --record`: each typed command runs as a step in the live
// sandbox, the way the scenario will run it (`bash -e`, the step's PATH, its `in:`), its output
// is shown, and the step, with the checks its outcome supports, is kept for the scenario file.
import { stringify } from 'yaml';
import pc from 'picocolors';
import type { Sandbox } from '../backends/backend.js';
import type { SandboxProcess } from '../exec/process.js';
import { runStep } from '../run/step-runner.js';
import { queryArgv } from '../run/netns-argv.js';
import { stepSchema } from '../scenario/schema.js';
import type { Step } from '../scenario/scenario.js';
import { inferChecks, planStep, rulesQuery, timeoutFor, type StepText } from './recorded-step.js';
import type { TypedCommand } from './typed-commands.js';

/** How long one command may run while recording (a scenario step's default is 10 s). */
const RECORD_TIMEOUT_MS = 60_000;

export interface RecordingOptions {
  /** What the command printed, as it printed it. */
  out: NodeJS.WritableStream;
  /** What the recorder says about each step (notes, the checks it inferred). */
  say: (line: string) => void;
  /** The sandbox's kernel release (for the steps' `xfail.when`, none here). */
  kernel?: string;
}

/** The checks of a step in one line, as they will be written: `ping: { received: 2 }`. */
const inOneLine = (expect: Record<string, unknown>) => stringify(expect, { collectionStyle: 'flow', lineWidth: 0 }).trim();

/** Runs what `commands` yields in `sandbox`, one step each, adding the steps to write to `recorded` (kept when a command throws). */
export async function recordCommands(sandbox: Sandbox, commands: AsyncIterable<TypedCommand>, opts: RecordingOptions, recorded: StepText[]): Promise<void> {
  const backgrounds = new Map<string, SandboxProcess>();
  try {
    for await (const typed of commands) {
      const { step: planned, note } = planStep(typed.text, typed.name);
      if (note) opts.say(pc.dim(`# ${note}`));
      const step: Step = { ...stepSchema.parse(planned), timeout: RECORD_TIMEOUT_MS, index: recorded.length, pos: { line: 0, col: 0 } };
      const r = await runStep(step, { sandbox, backgrounds, vars: new Map(), kernel: opts.kernel });
      if (r.result) opts.out.write(r.result.stdout + r.result.stderr);
      if (planned.background !== undefined) {
        const ready = r.outcome === 'pass';
        opts.say(
          pc.dim(ready ? `# started in the background, ready: ${inOneLine(planned.ready!)}` : `# ${r.message ?? 'not ready'}: recorded anyway, fix its ready:`),
        );
        recorded.push(planned);
        continue;
      }
      const result = r.result!;
      if (result.timedOut)
        opts.say(
          pc.yellow(`# timed out after ${RECORD_TIMEOUT_MS / 1000} s: recorded without checks (bound it, e.g. ping -c 3, or end it with interrupt_after:)`),
        );
      const query = rulesQuery(planned.run!);
      const rules = query && result.exitCode === 0 ? await sandbox.exec(queryArgv(step.in, query), { timeoutMs: 10_000, label: query }) : undefined;
      const expect = inferChecks(planned, result, rules?.exitCode === 0 ? rules.stdout : undefined);
      const timeout = timeoutFor(result.durationMs);
      recorded.push({ ...planned, ...(timeout ? { timeout } : {}), ...(expect ? { expect } : {}) });
      opts.say(pc.dim(expect ? `# recorded with ${inOneLine(expect)}` : `# recorded (exit ${result.exitCode ?? '?'})`));
    }
  } finally {
    for (const proc of backgrounds.values()) await proc.stop(500);
  }
}
