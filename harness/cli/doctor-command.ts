// `netrecipes doctor`: which tools and kernel features this machine has for the selected
// scenarios (the project's, else the bundled suite), what each backend lacks here (its check(),
// each shortfall with its fix), and the one apt-get line that installs the missing tools. With
// --kernel-config, only whether a kernel built with that config can run them.
import pc from 'picocolors';
import { backendNamed } from '../backends/registry.js';
import { BACKENDS, DEFAULT_BACKEND } from '../backends/choices.js';
import { InfrastructureError, UsageError } from '../errors.js';
import type { Project } from '../config/project-config.js';
import { commandExists, formatShortfall } from '../backends/required-tools.js';
import { EXIT } from './exit-codes.js';
import { installHint, installHints } from '../exec/debian-packages.js';
import { kernelProbe } from '../run/kernel-features.js';
import { describeModules, loadHostModules, modulesFor } from '../backends/kernel-modules.js';
import { describeMemoryLimit } from '../backends/memory-limit.js';
import type { Scenario } from '../scenario/scenario.js';
import { selectScenarios, type SelectOptions } from './select.js';

const CORE_TOOLS = ['ip', 'bridge', 'ss', 'nsenter', 'unshare', 'bash'];

/** A netns sandbox's view of the scenarios' kernel features; false when no sandbox could start. */
async function probeKernelFeatures(scenarios: Scenario[]): Promise<boolean> {
  const backend = backendNamed('netns');
  try {
    await backend.prepare();
    const plan = await loadHostModules(modulesFor(scenarios), true);
    process.stdout.write(
      `${plan.loadable ? pc.green('✓') : pc.yellow('-')} ${describeModules(plan)} (sandboxes cannot load modules; a run loads them first)\n`,
    );
    if (backend.memoryLimit)
      process.stdout.write(`${backend.memoryLimit.enforced ? pc.green('✓') : pc.yellow('-')} ${describeMemoryLimit(backend.memoryLimit)}\n`);
    await using sandbox = await backend.create();
    for (const feature of [...new Set(scenarios.flatMap((s) => s.requires.kernel))].sort()) {
      const r = await sandbox.exec(['bash', '-c', kernelProbe(feature)], { timeoutMs: 5000 });
      process.stdout.write(`${r.exitCode === 0 ? pc.green('✓') : pc.red('✗')} kernel  ${feature}\n`);
    }
    return true;
  } catch (err) {
    if (!(err instanceof InfrastructureError)) throw err;
    process.stdout.write(`${pc.red('✗')} netns sandbox: ${err.message}\n`);
    return false;
  } finally {
    await backend.close?.();
  }
}

export interface DoctorOptions extends SelectOptions {
  /** Only check this kernel config against the scenarios (doctor-kernel-config.ts). */
  kernelConfig?: string;
}

export async function doctorCommand(paths: string[] = [], opts: DoctorOptions = {}, project?: Project): Promise<number> {
  const { scenarios, errors } = await selectScenarios(paths, opts, project);
  for (const e of errors) process.stderr.write(`${e.message}\n`);
  if (opts.kernelConfig !== undefined) {
    if (!scenarios.length) throw new UsageError('no scenario matched (check the paths, --filter and --tag)');
    const { kernelConfigDoctor } = await import('./doctor-kernel-config.js');
    const code = await kernelConfigDoctor(opts.kernelConfig, scenarios);
    return errors.length ? EXIT.USAGE : code;
  }
  const tools = [...new Set([...CORE_TOOLS, ...scenarios.flatMap((s) => s.requires.commands)])].sort();
  const missing: string[] = [];
  for (const t of tools) {
    const { ok, path } = await commandExists(t);
    if (!ok) missing.push(t);
    process.stdout.write(`${ok ? pc.green('✓') : pc.red('✗')} command ${t.padEnd(14)} ${ok ? pc.dim(path) : `(${installHint(t)})`}\n`);
  }
  let infra = false;
  for (const about of BACKENDS) {
    const { name } = about;
    const shortfalls = await backendNamed(name).check();
    // without the default backend nothing runs; the others are optional
    const needed = name === DEFAULT_BACKEND;
    if (needed && shortfalls.length) infra = true;
    const mark = !shortfalls.length ? pc.green('✓') : needed ? pc.red('✗') : pc.yellow('-');
    process.stdout.write(`${mark} ${name} backend ${pc.dim(about.note())}\n`);
    for (const s of shortfalls) process.stdout.write(`    ${formatShortfall(s)}\n`);
  }
  if (!infra) infra = !(await probeKernelFeatures(scenarios));
  if (missing.length) {
    process.stdout.write(`\ninstall what is missing with:\n  ${installHints(missing).join('\n  ')}\n`);
  }
  if (infra) return EXIT.INFRA;
  return missing.length ? EXIT.FAILED : EXIT.OK;
}
