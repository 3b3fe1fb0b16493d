// `netrecipes record --out FILE.yaml` and `netrecipes shell SCENARIO --record FILE.yaml`: run what
// the user types (or pipes in) in a live sandbox, one step per command, and write a scenario of
// it with the checks inferred from what happened, for the user to edit rather than write.
import { count } from '../text/words.js';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import pc from 'picocolors';
import type { Sandbox } from '../backends/backend.js';
import { backendNamed } from '../backends/registry.js';
import { InfrastructureError, ScenarioFileError, UsageError } from '../errors.js';
import { printable } from '../text/printable.js';
import type { StepText } from '../record/recorded-step.js';
import { extendedScenarioYaml, idFromFile, newScenarioYaml } from '../record/recorded-scenario.js';
import { recordCommands } from '../record/recording.js';
import { typedCommands } from '../record/typed-commands.js';
import { prepareFor } from '../run/run-cells.js';
import { runScenario } from '../run/scenario-runner.js';
import { parseScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/scenario.js';
import { worldSchema } from '../scenario/schema.js';
import { EXIT } from './exit-codes.js';
import { onInterrupt, watchInterrupts } from './interrupt.js';

export interface RecordOptions {
  out: string;
  backend: string;
  distro?: string;
  iptables?: string;
  kernel?: string;
  /** Give the sandbox the outside world (uplink, gateway, internet, client). @default true */
  world?: boolean;
  /** Overwrite FILE when it exists. @default false */
  force?: boolean;
}

/** Refuses before any sandbox starts when FILE exists (without --force). */
export function checkRecordTarget(out: string, force?: boolean): void {
  if (existsSync(out) && !force) throw new UsageError(`record writes a new scenario: ${out} exists (--force overwrites it)`);
}

/** The steps of what stdin types into `sandbox` (a prompt on a terminal, a transcript echo otherwise); what was recorded before an interrupt is kept. */
export async function recordTyped(sandbox: Sandbox, prompt: string, kernel?: string): Promise<StepText[]> {
  const signal = watchInterrupts();
  const terminal = !!process.stdin.isTTY;
  const steps: StepText[] = [];
  process.stdout.write(
    pc.green(
      terminal
        ? 'recording: type commands; each runs as one step (exit or Ctrl-D ends it and writes the scenario)\n'
        : 'recording the commands read from stdin\n',
    ),
  );
  const commands = typedCommands({ input: process.stdin, output: process.stdout, terminal, prompt, signal });
  // SIGINT or SIGTERM ends the sandbox at once, the command running in it too
  const forget = onInterrupt(signal, () => void sandbox.close());
  try {
    await recordCommands(sandbox, commands, { out: process.stdout, say: (l) => process.stdout.write(`${l}\n`), kernel }, steps);
  } catch (err) {
    if (!signal.aborted) throw err; // the interrupt tore the sandbox down under a command: keep what came before it
  } finally {
    forget();
  }
  return steps;
}

/** Writes `yaml` to `out` and says whether it loads as a scenario (what `netrecipes check` would say). */
async function writeScenario(out: string, yaml: string, steps: number): Promise<number> {
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, yaml);
  process.stdout.write(`${pc.green('wrote')} ${out}: ${count(steps, 'recorded step')}\n`);
  try {
    parseScenario(yaml, out);
    process.stdout.write(`next: edit it, then netrecipes run ${out}\n`);
    return watchInterrupts().aborted ? EXIT.INTERRUPTED : EXIT.OK;
  } catch (err) {
    if (!(err instanceof ScenarioFileError)) throw err;
    process.stdout.write(`${pc.yellow('to fix')} before it runs:\n${printable(err.message)}\n`);
    return EXIT.FAILED;
  }
}

/** A scenario with no steps: what `record` asks the runner for, a fresh sandbox (with the world) and nothing run in it. */
function emptyScenario(world: boolean): Scenario {
  return {
    id: 'record',
    title: 'record',
    file: '(record)',
    pos: { line: 1, col: 1 },
    tags: [],
    requires: { commands: [], kernel: [] },
    resources: {},
    vars: {},
    steps: [],
    ...(world ? { world: worldSchema.parse({}) } : {}),
  };
}

export async function recordCommand(opts: RecordOptions): Promise<number> {
  checkRecordTarget(opts.out, opts.force);
  const scenario = emptyScenario(opts.world !== false);
  const backend = backendNamed(opts.backend, { distro: opts.distro, iptables: opts.iptables, kernel: opts.kernel });
  await prepareFor(backend, [scenario]);
  let steps: StepText[] = [];
  const r = await runScenario(scenario, {
    backend,
    signal: watchInterrupts(), // an interrupt before the recording starts ends the sandbox at once
    beforeClose: async (sandbox, result) => {
      steps = await recordTyped(sandbox, 'record # ', result.info?.kernel);
    },
  }).finally(() => backend.close?.());
  if (r.outcome === 'error') throw new InfrastructureError(`no sandbox to record in: ${r.message ?? 'the backend failed'}`);
  if (!steps.length) throw new UsageError(`nothing was typed: ${opts.out} not written`);
  const origin = `${steps.length} commands typed in a fresh ${opts.backend} sandbox${scenario.world ? ' with the outside world' : ''}, ${new Date().toISOString().slice(0, 10)}`;
  return writeScenario(opts.out, newScenarioYaml({ id: idFromFile(opts.out), steps, world: scenario.world, origin }), steps.length);
}

/** `shell --record FILE`: after the replay up to `until`, the recording; FILE gets the scenario up to there and the recorded steps. */
export async function writeExtended(out: string, base: Scenario, until: number, steps: StepText[]): Promise<number> {
  if (!steps.length) throw new UsageError(`nothing was typed: ${out} not written`);
  const text = await readFile(base.file, 'utf8');
  return writeScenario(out, extendedScenarioYaml(text, base, until, idFromFile(out), steps), steps.length);
}
