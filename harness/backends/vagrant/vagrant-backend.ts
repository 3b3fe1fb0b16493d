// The vagrant backend: the same guest as --backend qemu (kernel, initrd, root image, agent),
// brought up by `vagrant up` with vagrant-libvirt from vm/Vagrantfile and destroyed with
// `vagrant destroy` at the end. libvirtd runs in a privileged netns sandbox of its own
// (libvirt-host.sh; the guest is the boundary for the scenarios):
// its sockets, state, storage pool and any network it would make stay inside that sandbox, and
// when the harness dies the sandbox ends, taking libvirtd and the guest with it.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { InfrastructureError } from '../../errors.js';
import { scriptBeside } from '../../exec/script-file.js';
import type { Sandbox } from '../backend.js';
import type { Accel } from '../guest/accel.js';
import type { GuestAgent } from '../guest/guest-agent.js';
import type { BootTimeline } from '../guest/boot-phases.js';
import {
  GuestBackend,
  KERNEL_CMDLINE,
  connectGuest,
  consoleTail,
  readConsole,
  type BootRequest,
  type Guest,
  type GuestOptions,
} from '../guest/guest-backend.js';
import { VM_DIR, cacheDir, type KernelSpec } from '../guest/vm-assets.js';
import { privilegedSandbox } from '../netns/netns-backend.js';
import { makeRunDir } from '../run-dir.js';
import { vagrant } from './vagrant-descriptor.js';

const LIBVIRT_HOST = scriptBeside(import.meta.url, './libvirt-host.sh');
const POOL = 'netrecipes-run';
const VAGRANT_TIMEOUT_MS = 300_000;

/** Vagrant's message without the Ruby backtrace under it. */
function vagrantError(text: string): string {
  return text
    .split('\n')
    .filter((l) => !/^\s+from \//.test(l))
    .slice(0, 15)
    .join('\n')
    .trim();
}

class VagrantGuest implements Guest {
  agent!: GuestAgent;
  timeline!: BootTimeline;
  private down = false;

  private constructor(
    readonly accel: Accel,
    private readonly host: Sandbox,
    private readonly runDir: string,
    private readonly env: string[],
  ) {}

  /** `vagrant CMD...` inside the libvirt sandbox. */
  private vagrant(args: string[], timeoutMs = VAGRANT_TIMEOUT_MS) {
    return this.host.exec(['env', ...this.env, 'vagrant', ...args], { timeoutMs, label: `vagrant ${args.join(' ')}` });
  }

  static async boot(req: BootRequest): Promise<VagrantGuest> {
    const runDir = await makeRunDir('vagrant');
    const overlay = async (base: string, name: string) => {
      const r = await execa('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', base, '-F', 'raw', join(runDir, name)], { reject: false });
      if (r.exitCode !== 0) throw new InfrastructureError(`qemu-img could not make ${name}: ${r.stderr}`);
    };
    const host = await privilegedSandbox();
    const env = Object.entries({
      VAGRANT_HOME: join(cacheDir(), 'vagrant-home'),
      VAGRANT_DOTFILE_PATH: join(runDir, 'vagrant'),
      VAGRANT_CWD: VM_DIR,
      VAGRANT_DEFAULT_PROVIDER: 'libvirt',
      VAGRANT_CHECKPOINT_DISABLE: '1',
      NETRECIPES_ACCEL: req.accel,
      NETRECIPES_MEMORY_MB: String(req.memoryMb),
      NETRECIPES_CPUS: String(req.cpus),
      NETRECIPES_KERNEL: req.kernelImage,
      NETRECIPES_INITRD: req.initrd,
      NETRECIPES_CMDLINE: KERNEL_CMDLINE,
      NETRECIPES_POOL: POOL,
      NETRECIPES_AGENT_SOCKET: join(runDir, 'agent.sock'),
      NETRECIPES_CONSOLE_LOG: join(runDir, 'console.log'),
    }).map(([k, v]) => `${k}=${v}`);
    const guest = new VagrantGuest(req.accel, host, runDir, env);
    try {
      await overlay(req.rootfs, 'root.qcow2');
      await overlay(req.kernel.modules, 'modules.qcow2');
      const started = await host.exec(['bash', '-c', LIBVIRT_HOST, 'libvirt-host', runDir, POOL], { timeoutMs: 60_000, label: 'start libvirtd' });
      if (started.exitCode !== 0) throw new InfrastructureError(`libvirt cannot run here: ${(started.stderr || started.stdout).trim()}`);
      const spawnedAt = performance.now();
      const up = await guest.vagrant(['up', '--provider', 'libvirt']);
      if (up.exitCode !== 0) {
        const hint = /provider 'libvirt' could not be found/.test(up.stderr + up.stdout) ? ' (apt-get install -y vagrant-libvirt)' : '';
        throw new InfrastructureError(`vagrant up failed${hint}:\n${vagrantError(up.stderr || up.stdout)}\n${consoleTail(join(runDir, 'console.log'))}`);
      }
      ({ agent: guest.agent, timeline: guest.timeline } = await connectGuest(
        runDir,
        spawnedAt,
        req.bootTimeoutMs,
        () => guest.deathReport(),
        () => host.alive(),
      ));
      return guest;
    } catch (err) {
      await guest.shutdown();
      throw err;
    }
  }

  alive(): boolean {
    return !this.down && this.host.alive() && (this.agent?.alive ?? true);
  }

  consoleText(): string {
    return readConsole(join(this.runDir, 'console.log'));
  }

  deathReport(): string {
    return `the vagrant guest (libvirt, ${this.accel}) is ${this.alive() ? 'still up' : 'gone'}.\n${consoleTail(join(this.runDir, 'console.log'))}`;
  }

  /** Powers the guest off, `vagrant destroy`, then ends libvirtd's sandbox and removes the run folder. */
  async shutdown(): Promise<void> {
    if (this.down) return;
    this.down = true;
    if (this.agent?.alive) this.agent.powerOff();
    if (this.host.alive()) {
      await this.host.exec(['sh', '-c', 'for i in $(seq 100); do virsh -q list --name | grep -q . || exit 0; sleep 0.1; done'], {
        timeoutMs: 15_000,
        label: 'wait for power-off',
      });
      await this.vagrant(['destroy', '-f'], 60_000);
    }
    this.agent?.close();
    await this.host.close();
    await rm(this.runDir, { recursive: true, force: true });
  }
}

export class VagrantBackend extends GuestBackend {
  constructor(kernel: KernelSpec, opts: GuestOptions = {}) {
    super(vagrant, kernel, opts);
  }

  protected boot(req: BootRequest): Promise<Guest> {
    return VagrantGuest.boot(req);
  }
}
