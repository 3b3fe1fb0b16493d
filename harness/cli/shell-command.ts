// `netrecipes shell SCENARIO [PATH...] [--until STEP]`: replay a scenario (a file, or an id found
// in the paths, the project's scenarios or the bundled suite) up to a step, then hand the user an
// interactive shell inside that very sandbox; tear down when the shell exits, with its status.
// With --record FILE, what is typed there is recorded instead (record-command.ts).
import { existsSync, statSync } from 'node:fs';
import pc from 'picocolors';
import { prepareFor } from '../run/run-cells.js';
import { backendNamed } from '../backends/registry.js';
import type { Project } from '../config/project-config.js';
import { UsageError } from '../errors.js';
import { EXIT } from './exit-codes.js';
import { runScenario } from '../run/scenario-runner.js';
import type { Scenario } from '../scenario/scenario.js';
import { consoleEvents } from '../report/console.js';
import { selectScenarios } from './select.js';
import { interactiveShell } from './interactive-shell.js';
import { checkRecordTarget, recordTyped, writeExtended } from './record-command.js';
import type { StepText } from '../record/recorded-step.js';

/** The 0-based step `until` names: a number, a step's exact name, or a part of exactly one name. */
function stepIndex(s: Scenario, until: string | undefined): number {
  if (until === undefined) return s.steps.length - 1;
  const n = Number(until);
  if (Number.isInteger(n) && n >= 1 && n <= s.steps.length) return n - 1;
  const exact = s.steps.findIndex((st) => st.name === until);
  if (exact >= 0) return exact;
  const part = until.toLowerCase();
  const matches = s.steps.filter((st) => st.name.toLowerCase().includes(part));
  if (matches.length === 1) return matches[0]!.index;
  if (matches.length > 1)
    throw new UsageError(
      `--until "${until}" matches ${matches.length} steps of ${s.id}: ${matches.map((st) => `${st.index + 1} "${st.name}"`).join(', ')}; give more of the name or a number`,
    );
  throw new UsageError(`--until: no step "${until}" in ${s.id} (give a number 1-${s.steps.length}, or a step's name or part of it)`);
}

async function findScenario(ref: string, paths: string[], project?: Project): Promise<Scenario> {
  const isFile = existsSync(ref) && statSync(ref).isFile();
  const { scenarios, errors } = await selectScenarios(isFile ? [ref] : paths, {}, project);
  if (isFile) {
    if (errors.length) throw errors[0]!;
    return scenarios[0]!;
  }
  const found =
    scenarios.find((x) => x.id === ref) ?? (paths.length ? undefined : (await selectScenarios([], { bundled: true })).scenarios.find((x) => x.id === ref));
  if (!found) throw new UsageError(`no scenario "${ref}": give a scenario file, or an id that netrecipes list shows`);
  return found;
}

export async function shellCommand(
  ref: string,
  opts: {
    until?: string;
    backend: string;
    distro?: string;
    iptables?: string;
    kernel?: string;
    kernelModules?: string;
    paths?: string[];
    record?: string;
    force?: boolean;
  },
  project?: Project,
): Promise<number> {
  if (opts.record) checkRecordTarget(opts.record, opts.force);
  const s = await findScenario(ref, opts.paths ?? [], project);
  const untilStep = stepIndex(s, opts.until);
  const backend = backendNamed(opts.backend, { distro: opts.distro, iptables: opts.iptables, kernel: opts.kernel, kernelModules: opts.kernelModules });
  await prepareFor(backend, [s]);
  const events = consoleEvents({ verbose: true });
  let shellStatus: number | undefined;
  let recorded: StepText[] | undefined;
  const r = await runScenario(s, {
    backend,
    untilStep,
    onStep: (x) => events.step?.(s, x),
    beforeClose: async (sandbox, result) => {
      if (opts.record) {
        recorded = await recordTyped(sandbox, `[record ${s.id}] # `, result.info?.kernel);
        return;
      }
      process.stdout.write(`${pc.green('shell')} inside ${s.id}'s sandbox (exit to tear it down); ip netns list shows its namespaces\n`);
      shellStatus = await interactiveShell(sandbox, `[netrecipes ${s.id}] \\w # `);
    },
  });
  await backend.close?.();
  if (opts.record && recorded) return writeExtended(opts.record, s, untilStep, recorded);
  if (r.outcome === 'error' && shellStatus === undefined) return EXIT.INFRA;
  return shellStatus ?? EXIT.INFRA;
}
