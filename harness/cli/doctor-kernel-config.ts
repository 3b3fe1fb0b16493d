// `netrecipes doctor --kernel-config PATH`: whether a kernel built with that config can run the
// selected scenarios, before anything is built or booted. Per scenario, the options it needs
// that are built in (=y), modules (=m, loaded before the first sandbox) or missing, and one
// `scripts/config` line that turns on everything missing. Exits 1 when a scenario cannot run.
import pc from 'picocolors';
import { readKernelConfig, type KernelConfig } from '../backends/kernel-config-file.js';
import { UsageError } from '../errors.js';
import {
  SANDBOX,
  checkScenarioConfig,
  describeMissing,
  fixLine,
  missingOptions,
  type OptionState,
  type ScenarioConfigCheck,
} from '../run/kernel-config/config-check.js';
import type { Scenario } from '../scenario/scenario.js';
import { count, padEnd, width } from '../text/words.js';
import { EXIT } from './exit-codes.js';

async function readOrRefuse(file: string): Promise<KernelConfig> {
  const config = await readKernelConfig(file).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`--kernel-config: cannot read ${file}: ${err.code ?? err.message}`);
  });
  if (!config.options.size)
    throw new UsageError(`--kernel-config: ${file} holds no CONFIG_ lines (give a kernel's .config, /proc/config.gz or /boot/config-*)`);
  return config;
}

const names = (options: OptionState[]) => options.map((o) => o.option).join(' ');

/** One scenario's line: its mark, id, and its options by state. */
function scenarioLine(c: ScenarioConfigCheck, idWidth: number): string {
  const missing = missingOptions(c);
  const found = c.options.filter((o) => o.ok && o.for !== SANDBOX); // the sandbox's own: said once, above
  const byValue = (v: string) => found.filter((o) => o.have === v);
  const other = found.filter((o) => o.have !== 'y' && o.have !== 'm');
  const parts = [
    ...(missing.length ? [pc.red(`missing ${describeMissing(missing)}`)] : []),
    ...(byValue('y').length ? [`=y ${names(byValue('y'))}`] : []),
    ...(byValue('m').length ? [`=m (module needed) ${names(byValue('m'))}`] : []),
    ...(other.length ? [other.map((o) => `${o.option}=${o.have ?? 'unset'}`).join(' ')] : []),
    ...(c.unknown.length ? [pc.dim(`no option known for ${c.unknown.join(', ')} (probed when it runs)`)] : []),
  ];
  return `${missing.length ? pc.red('✗') : pc.green('✓')} ${padEnd(c.scenario.id, idWidth)}  ${parts.join('; ')}`;
}

/** Prints the check of every scenario against `file`; EXIT.FAILED when one cannot run. */
export async function kernelConfigDoctor(file: string, scenarios: Scenario[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const config = await readOrRefuse(file);
  const checks = scenarios.map((s) => checkScenarioConfig(config, s));
  const idWidth = Math.max(0, ...scenarios.map((s) => width(s.id)));
  out.write(`kernel config ${file} (${count(config.options.size, 'option')})\n`);
  const sandbox = checks[0]?.options.filter((o) => o.for === SANDBOX) ?? [];
  out.write(`${sandbox.every((o) => o.ok) ? pc.green('✓') : pc.red('✗')} every sandbox: ${sandbox.map((o) => `${o.option}=${o.have ?? 'unset'}`).join(' ')}\n`);
  for (const c of checks) out.write(`${scenarioLine(c, idWidth)}\n`);
  const blocked = checks.filter((c) => missingOptions(c).length);
  out.write(`\n${count(checks.length - blocked.length, 'scenario')} of ${checks.length} can run on a kernel built with this config`);
  if (!blocked.length) {
    out.write('.\n');
    return EXIT.OK;
  }
  out.write(
    `; ${count(blocked.length, 'scenario')} cannot (a run skips them, naming the option).\nto turn on what they need, in the kernel tree:\n  ${fixLine(blocked.flatMap(missingOptions))}\n`,
  );
  return EXIT.FAILED;
}
