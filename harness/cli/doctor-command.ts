// `netrecipes doctor`: which tools and kernel features this machine has for the bundled
// scenarios, and the one apt-get line that installs what is missing.
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import pc from 'picocolors';
import { NetnsBackend } from '../backends/netns/netns-backend.js';
import { InfrastructureError } from '../errors.js';
import { commandExists } from '../backends/required-tools.js';
import { EXIT } from '../run/results.js';
import { PACKAGE_OF } from '../exec/debian-packages.js';
import { kernelProbe } from '../run/requirements.js';
import { describeModules, loadHostModules, modulesFor } from '../backends/kernel-modules.js';
import { selectScenarios } from './select.js';

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
  const backend = new NetnsBackend();
  try {
    await backend.probe();
    const features = [...new Set(scenarios.flatMap((s) => s.requires.kernel))].sort();
    const plan = await loadHostModules(modulesFor(scenarios), true);
    process.stdout.write(`${plan.loadable ? pc.green('✓') : pc.yellow('-')} ${describeModules(plan)} (sandboxes cannot load modules; a run loads them first)\n`);
    await using sandbox = await backend.create();
    for (const feature of features) {
      const r = await sandbox.exec(['bash', '-c', kernelProbe(feature)], { timeoutMs: 5000 });
      process.stdout.write(`${r.exitCode === 0 ? pc.green('✓') : pc.red('✗')} kernel  ${feature}\n`);
    }
    await backend.close();
  } catch (err) {
    if (!(err instanceof InfrastructureError)) throw err;
    infra = true;
    process.stdout.write(`${pc.red('✗')} netns sandbox: ${err.message}\n`);
  }
  const docker = await execa('docker', ['info', '--format', '{{.ServerVersion}}'], { reject: false, timeout: 10_000 });
  process.stdout.write(
    docker.exitCode === 0
      ? `${pc.green('✓')} docker daemon ${docker.stdout.trim()} (for --backend container)\n`
      : `${pc.yellow('-')} no docker daemon: --backend container needs one (bash scripts/setup.sh --for-tests starts it)\n`,
  );
  const qemu = await commandExists('qemu-system-x86_64');
  process.stdout.write(
    qemu.ok
      ? `${pc.green('✓')} qemu ${pc.dim(qemu.path)} (for --backend qemu; ${existsSync('/dev/kvm') ? 'KVM is used if a probe boot works, else TCG' : 'no /dev/kvm: TCG'})\n`
      : `${pc.yellow('-')} no qemu-system-x86_64: --backend qemu needs it (bash scripts/setup.sh --for-tests installs it)\n`,
  );
  const vagrant = await commandExists('vagrant');
  const libvirtd = await commandExists('libvirtd');
  process.stdout.write(
    vagrant.ok && libvirtd.ok
      ? `${pc.green('✓')} vagrant ${pc.dim(vagrant.path)}, libvirtd ${pc.dim(libvirtd.path)} (for --backend vagrant; needs the vagrant-libvirt plug-in)\n`
      : `${pc.yellow('-')} --backend vagrant needs vagrant, vagrant-libvirt and libvirt-daemon-system (bash scripts/setup.sh --for-tests installs them)\n`,
  );
  if (missing.length) {
    const pkgs = [...new Set(missing.map((t) => PACKAGE_OF[t] ?? t))];
    process.stdout.write(`\ninstall what is missing with:\n  apt-get install -y ${pkgs.join(' ')}\n`);
  }
  if (infra) return EXIT.INFRA;
  return missing.length ? EXIT.FAILED : EXIT.OK;
}
