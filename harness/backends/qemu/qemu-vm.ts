// One QEMU guest: booted from a cached kernel and root file system with no NIC at all, reached
// only through its agent on a virtio-serial port, its serial console written to a file, and
// killed if the harness goes away (vm/qemu-watch.sh). The root image is opened with
// snapshot=on, so guests never change it and several may share it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import { InfrastructureError } from '../../errors.js';
import { killTree } from '../../exec/kill-tree.js';
import { GuestAgent } from './guest-agent.js';
import type { KernelAssets } from './vm-assets.js';
import { readFileSync } from 'node:fs';

const WATCH = fileURLToPath(new URL('../../../vm/qemu-watch.sh', import.meta.url));

export type Accel = 'kvm' | 'tcg';

/**
 * norandmaps and nokaslr: under TCG, address-space randomisation makes every exec translate its
 * code anew (measured: /bin/true 47 ms -> 10 ms, a step's nsenter+bash 140 -> 28 ms). These are
 * throw-away test guests, so the mitigations go too.
 */
export const KERNEL_CMDLINE = 'console=ttyS0 quiet panic=-1 nokaslr norandmaps mitigations=off';

export interface VmSpec {
  kernel: KernelAssets;
  rootfs: string;
  accel: Accel;
  cpus: number;
  memoryMb: number;
  /** How long boot may take before the guest counts as hung. */
  bootTimeoutMs: number;
}

export function qemuArgs(spec: VmSpec, runDir: string): string[] {
  return [
    '-machine', `q35,accel=${spec.accel}`,
    '-cpu', spec.accel === 'kvm' ? 'host' : 'max',
    '-m', String(spec.memoryMb),
    '-smp', String(spec.cpus),
    '-nodefaults', '-display', 'none', '-no-reboot',
    '-nic', 'none',
    '-kernel', spec.kernel.vmlinuz,
    '-initrd', spec.kernel.initrd,
    '-append', KERNEL_CMDLINE,
    '-drive', `file=${spec.rootfs},format=raw,if=virtio,snapshot=on`,
    '-drive', `file=${spec.kernel.modules},format=raw,if=virtio,readonly=on`,
    '-serial', `file:${join(runDir, 'console.log')}`,
    '-device', 'virtio-serial-pci',
    '-chardev', `socket,id=agent,path=${join(runDir, 'agent.sock')},server=on,wait=off`,
    '-device', 'virtserialport,chardev=agent,name=netrecipes.agent',
  ];
}

export class QemuVm {
  private exited = false;
  private stderr = '';

  private constructor(
    readonly spec: VmSpec,
    private readonly runDir: string,
    private readonly proc: ResultPromise,
  ) {
    proc.stderr?.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    void proc.then(() => (this.exited = true));
  }

  agent!: GuestAgent;
  /** uname -r inside the guest. */
  release = '';
  bootMs = 0;

  /** Boots a guest and waits for its agent; throws InfrastructureError with the console log if it never comes up. */
  static async boot(spec: VmSpec): Promise<QemuVm> {
    const t0 = performance.now();
    const runDir = await mkdtemp(join(tmpdir(), 'netrecipes-qemu-'));
    const proc = execa('bash', [WATCH, 'qemu-system-x86_64', ...qemuArgs(spec, runDir)], {
      reject: false,
      stdin: 'pipe',
      stdout: 'ignore',
      detached: true, // a Ctrl-C at the terminal goes to the harness, which shuts the guest down itself
      buffer: false,
    });
    const vm = new QemuVm(spec, runDir, proc);
    try {
      const { agent, release } = await GuestAgent.connect(
        join(runDir, 'agent.sock'),
        Date.now() + spec.bootTimeoutMs,
        () => vm.deathReport(),
        () => !vm.exited,
      );
      vm.agent = agent;
      vm.release = release;
      const modules = await agent.run(['sh', '-c', 'while [ ! -e /run/netrecipes/modules-loaded ]; do sleep 0.05; done'], {
        timeoutMs: spec.bootTimeoutMs,
        label: 'wait for the guest to load its modules',
      });
      if (modules.exitCode !== 0) throw new InfrastructureError(`the guest did not finish loading its modules:\n${vm.deathReport()}`);
      vm.bootMs = performance.now() - t0;
      return vm;
    } catch (err) {
      await vm.kill();
      throw err;
    }
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  alive(): boolean {
    return !this.exited && (this.agent?.alive ?? true);
  }

  /** The last lines of the serial console and of QEMU's own errors: what a report shows when the guest died. */
  deathReport(lines = 40): string {
    let console = '';
    try {
      console = readFileSync(join(this.runDir, 'console.log'), 'utf8');
    } catch {
      /* not written yet */
    }
    const tail = console.split('\n').slice(-lines).join('\n').trim();
    const state = this.exited ? 'QEMU has exited' : 'QEMU is still running';
    return `${state} (kernel ${this.spec.kernel.release}, ${this.spec.accel}).${this.stderr.trim() ? `\nQEMU: ${this.stderr.trim()}` : ''}\nserial console (last ${lines} lines):\n${tail || '(empty)'}`;
  }

  async consoleLog(): Promise<string> {
    return readFile(join(this.runDir, 'console.log'), 'utf8').catch(() => '');
  }

  /** Powers the guest off and waits for QEMU to exit (kills it after `graceMs`); removes its run folder. */
  async shutdown(graceMs = 10_000): Promise<void> {
    if (!this.exited && this.agent?.alive) this.agent.powerOff();
    const timer = setTimeout(() => void this.kill(), graceMs);
    await this.proc;
    clearTimeout(timer);
    this.agent?.close();
    await rm(this.runDir, { recursive: true, force: true });
  }

  async kill(): Promise<void> {
    this.proc.stdin?.end();
    if (this.proc.pid) killTree(this.proc.pid);
    await this.proc;
    this.agent?.close();
    await rm(this.runDir, { recursive: true, force: true });
  }
}
