// `netrecipes doctor`: which tools and kernel features this machine has for the bundled
// scenarios, and the one apt-get line that installs what is missing.
import { existsSync } from 'node:fs';
import pc from 'picocolors';
import { BACKEND_NAMES, backendNamed } from '../backends/registry.js';
import { InfrastructureError } from '../errors.js';
import { commandExists, formatShortfall } from '../backends/required-tools.js';
import { EXIT } from './exit-codes.js';
import { PACKAGE_OF } from '../exec/debian-packages.js';
import { kernelProbe } from '../run/requirements.js';
import { describeModules, loadHostModules, modulesFor } from '../backends/kernel-modules.js';
import { selectScenarios } from './select.js';

/** What doctor adds about a backend that can run here. */
const BACKEND_NOTES: Record<string, () => string> = {
  netns: () => '(the default)',
  container: () => '(--backend container)',
  qemu: () => `(--backend qemu; ${existsSync('/dev/kvm') ? 'KVM is used if a probe boot works, else TCG' : 'no /dev/kvm: TCG'})`,
  vagrant: () => '(--backend vagrant; needs the vagrant-libvirt plug-in)',
};

const CORE_TOOLS = ['ip', 'bridge', 'ss', 'nsenter', 'unshare', 'bash'];

export async function doctorCommand(): Promise<number> {
  const { scenarios } = await selectScenarios([], {});
  const tools = [...new Set([...CORE_TOOLS, ...scenarios.flatMap((s) => s.requires.commands)])].sort();
  const missing: string[] = [];
  for (const t of tools) {
    const { ok, path } = await commandExists(t);
    if (!ok) missing.push(t);
    process.stdout.write(`${ok ? pc.green('✓') : pc.red('✗')} command ${t.padEnd(14)} ${ok ? pc.dim(path) : `(package ${PACKAGE_OF[t] ?? t})`}\n`);
  }
  let infra = false;
  for (const name of BACKEND_NAMES) {
    const shortfalls = await backendNamed(name).check();
    const note = BACKEND_NOTES[name]?.() ?? '';
    if (!shortfalls.length) process.stdout.write(`${pc.green('✓')} ${name} backend ${pc.dim(note)}\n`);
    else {
      if (name === 'netns') infra = true;
      process.stdout.write(`${name === 'netns' ? pc.red('✗') : pc.yellow('-')} ${name} backend ${pc.dim(note)}\n`);
      for (const s of shortfalls) process.stdout.write(`    ${formatShortfall(s)}\n`);
    }
  }
  const backend = backendNamed('netns');
  try {
    await backend.prepare();
    const features = [...new Set(scenarios.flatMap((s) => s.requires.kernel))].sort();
    const plan = await loadHostModules(modulesFor(scenarios), true);
    process.stdout.write(`${plan.loadable ? pc.green('✓') : pc.yellow('-')} ${describeModules(plan)} (sandboxes cannot load modules; a run loads them first)\n`);
    await using sandbox = await backend.create();
    for (const feature of features) {
      const r = await sandbox.exec(['bash', '-c', kernelProbe(feature)], { timeoutMs: 5000 });
      process.stdout.write(`${r.exitCode === 0 ? pc.green('✓') : pc.red('✗')} kernel  ${feature}\n`);
    }
  } catch (err) {
    if (!(err instanceof InfrastructureError)) throw err;
    infra = true;
    if (!/ backend (needs|cannot run here)/.test(err.message)) process.stdout.write(`${pc.red('✗')} netns sandbox: ${err.message}\n`);
  } finally {
    await backend.close?.();
  }
  if (missing.length) {
    const pkgs = [...new Set(missing.map((t) => PACKAGE_OF[t] ?? t))];
    process.stdout.write(`\ninstall what is missing with:\n  apt-get install -y ${pkgs.join(' ')}\n`);
  }
  if (infra) return EXIT.INFRA;
  return missing.length ? EXIT.FAILED : EXIT.OK;
}
