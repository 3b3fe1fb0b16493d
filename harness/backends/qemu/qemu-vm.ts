// One QEMU guest: booted from a cached kernel and root file system with no NIC at all, reached
// only through its agent on a virtio-serial port, its serial console written to a file, and
// killed, its run folder removed, if the harness goes away (vm/qemu-watch.sh). The root image
// is opened with snapshot=on, so guests never change it and several may share it.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { killTree } from '../../exec/kill-tree.js';
import { BARE_QEMU, type Accel } from '../guest/accel.js';
import type { GuestAgent } from '../guest/guest-agent.js';
import { VM_DIR } from '../guest/vm-assets.js';
import { makeRunDir } from '../run-dir.js';
import { KERNEL_CMDLINE, connectGuest, consoleTail, readConsole, type BootRequest, type Guest } from '../guest/guest-backend.js';
import type { BootTimeline } from '../guest/boot-phases.js';

const WATCH = join(VM_DIR, 'qemu-watch.sh');

/**
 * qboot, QEMU's minimal firmware (what microvm boots with), where QEMU ships it: it starts the
 * kernel sooner than SeaBIOS (measured here under TCG: about 0.3 s less CPU before the kernel).
 */
const QBOOT = ['/usr/share/qemu/qboot.rom', '/usr/share/qemu/qboot.bin'].find((f) => existsSync(f));

/**
 * The CPU an emulated (TCG) guest is shown: x86-64's baseline, and RDRAND so its random pool is
 * ready at boot. Shown `max`, glibc picks its AVX2 string functions, which TCG runs slower:
 * measured here, the seed suite on 6.1 took 63-67 s of CPU (40-43 s) with `max`, 50 s (33 s)
 * with this.
 */
const TCG_CPU = 'qemu64,+rdrand';

function qemuArgs(spec: BootRequest, runDir: string): string[] {
  return [
    ...(QBOOT ? ['-bios', QBOOT] : []),
    '-machine',
    `q35,accel=${spec.accel}`,
    '-cpu',
    spec.accel === 'kvm' ? 'host' : TCG_CPU,
    '-m',
    String(spec.memoryMb),
    '-smp',
    String(spec.cpus),
    ...BARE_QEMU,
    '-kernel',
    spec.kernelImage,
    '-initrd',
    spec.initrd,
    '-append',
    KERNEL_CMDLINE,
    '-drive',
    `file=${spec.rootfs},format=raw,if=virtio,snapshot=on`,
    '-drive',
    `file=${spec.kernel.modules},format=raw,if=virtio,readonly=on`,
    '-serial',
    `file:${join(runDir, 'console.log')}`,
    '-device',
    'virtio-serial-pci',
    '-chardev',
    `socket,id=agent,path=${join(runDir, 'agent.sock')},server=on,wait=off`,
    '-device',
    'virtserialport,chardev=agent,name=netrecipes.agent',
  ];
}

export class QemuVm implements Guest {
  private exited = false;
  private stderr = '';

  private constructor(
    readonly spec: BootRequest,
    private readonly runDir: string,
    private readonly proc: ResultPromise,
  ) {
    proc.stderr?.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    void proc.then(() => (this.exited = true));
  }

  agent!: GuestAgent;
  timeline!: BootTimeline;

  /** Boots a guest and waits for its agent; throws InfrastructureError with the console log if it never comes up. */
  static async boot(spec: BootRequest): Promise<QemuVm> {
    const runDir = await makeRunDir('qemu');
    const spawnedAt = performance.now();
    const proc = execa('bash', [WATCH, runDir, 'qemu-system-x86_64', ...qemuArgs(spec, runDir)], {
      reject: false,
      stdin: 'pipe',
      stdout: 'ignore',
      detached: true, // a Ctrl-C at the terminal goes to the harness, which shuts the guest down itself
      buffer: false,
    });
    const vm = new QemuVm(spec, runDir, proc);
    try {
      ({ agent: vm.agent, timeline: vm.timeline } = await connectGuest(
        runDir,
        spawnedAt,
        spec.bootTimeoutMs,
        () => vm.deathReport(),
        () => !vm.exited,
      ));
      return vm;
    } catch (err) {
      await vm.kill();
      throw err;
    }
  }

  get accel(): Accel {
    return this.spec.accel;
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  alive(): boolean {
    return !this.exited && (this.agent?.alive ?? true);
  }

  consoleText(): string {
    return readConsole(join(this.runDir, 'console.log'));
  }

  /** The last lines of the serial console and of QEMU's own errors: what a report shows when the guest died. */
  deathReport(): string {
    const state = this.exited ? 'QEMU has exited' : 'QEMU is still running';
    const qemu = this.stderr.trim() ? `\nQEMU: ${this.stderr.trim()}` : '';
    return `${state} (kernel ${this.spec.kernel.release}, ${this.spec.accel}).${qemu}\n${consoleTail(join(this.runDir, 'console.log'))}`;
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
