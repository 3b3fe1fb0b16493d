// The qemu backend: one guest per kernel, booted once for the whole run; every scenario gets its
// own netns sandbox inside that guest, made by the same holder script as on this machine and
// entered the same way with nsenter, only through the guest's agent instead of a local process.
// So the in-sandbox world is the same one, on another kernel.
import { InfrastructureError, UsageError } from '../../errors.js';
import type { CommandResult } from '../../exec/command-result.js';
import type { SandboxProcess } from '../../exec/process.js';
import { SANDBOX_INIT_SCRIPT } from '../../world/world.js';
import type { Backend, ExecOptions, Sandbox } from '../backend.js';
import { HOLDER_SCRIPT, UNSHARE } from '../netns/netns-backend.js';
import { NsenterSandbox } from '../nsenter-sandbox.js';
import { requireTools } from '../required-tools.js';
import { chooseAccel } from './accel.js';
import type { GuestAgent } from './guest-agent.js';
import { QemuVm, type Accel } from './qemu-vm.js';
import { ensureKernel, ensureRootfs, type KernelSpec } from './vm-assets.js';

/** Under TCG every instruction is emulated: a step gets this many times its timeout. */
const TIME_SCALE: Record<Accel, number> = { kvm: 1, tcg: 4 };
const READY_TIMEOUT_MS = 15_000;

class GuestSandbox extends NsenterSandbox {
  readonly backend: string;

  constructor(
    private readonly vm: QemuVm,
    private readonly holder: SandboxProcess & { id: number },
    initPid: number,
    readonly machine: Record<string, string>,
  ) {
    super(initPid, vm.agent);
    this.backend = `qemu`;
  }

  override exec(argv: string[], opts: ExecOptions): Promise<CommandResult> {
    return super.exec(argv, { ...opts, timeoutMs: opts.timeoutMs * TIME_SCALE[this.vm.spec.accel] });
  }

  override alive(): boolean {
    return !this.closed && this.vm.alive() && this.holder.running;
  }

  override shellArgv(): string[] {
    throw new UsageError('an interactive shell (shell, --keep) needs --backend netns or container; the qemu backend has no terminal into its guest yet');
  }

  deathReport(): string {
    return this.vm.alive() ? '(sandbox is gone)' : this.vm.deathReport();
  }

  /** Closing the holder's stdin ends the sandbox's PID 1, and the kernel ends everything inside. */
  protected async teardown(): Promise<void> {
    if (!this.vm.alive()) return;
    this.vm.agent.writeStdin(this.holder.id, undefined, true);
    const timer = setTimeout(() => this.vm.agent.signal(this.holder.id, 'SIGKILL'), 3000 * TIME_SCALE[this.vm.spec.accel]);
    await this.holder.done;
    clearTimeout(timer);
  }
}

async function waitFor(test: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

async function guestChildOf(agent: GuestAgent, pid: number): Promise<number | undefined> {
  const r = await agent.run(['cat', `/proc/${pid}/task/${pid}/children`], { timeoutMs: 10_000, label: 'find sandbox init' });
  const first = r.stdout.trim().split(/\s+/)[0];
  return first ? Number(first) : undefined;
}

export interface QemuOptions {
  /** Skip the KVM probe and use this. */
  accel?: Accel;
  cpus?: number;
  memoryMb?: number;
  log?: (line: string) => void;
}

export class QemuBackend implements Backend {
  readonly name: string;
  readonly maxJobs: number;
  private vm: QemuVm | undefined;
  private machine: Record<string, string> = {};

  constructor(
    readonly kernel: KernelSpec,
    private readonly opts: QemuOptions = {},
  ) {
    this.name = `qemu:${kernel.name}`;
    this.maxJobs = opts.cpus ?? 2;
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }

  /** Fetches the kernel and root file system if needed, then boots the guest this cell's scenarios share. */
  async probe(): Promise<void> {
    if (this.vm?.alive()) return;
    if (process.getuid?.() !== 0) throw new InfrastructureError('the qemu backend needs root (it builds images with debootstrap)');
    await requireTools(
      {
        'qemu-system-x86_64': 'qemu-system-x86', debootstrap: 'debootstrap', 'mkfs.ext4': 'e2fsprogs', depmod: 'kmod', cpio: 'cpio',
        busybox: 'busybox-static', 'apt-get': 'apt', 'dpkg-deb': 'dpkg',
      },
      'the qemu backend',
    );
    const [kernel, rootfs] = await Promise.all([ensureKernel(this.kernel, (l) => this.log(l)), ensureRootfs((l) => this.log(l))]);
    const { accel, why } = this.opts.accel ? { accel: this.opts.accel, why: 'asked for' } : await chooseAccel(kernel.vmlinuz);
    const cpus = this.maxJobs;
    const memoryMb = this.opts.memoryMb ?? 1024;
    this.vm = await QemuVm.boot({ kernel, rootfs, accel, cpus, memoryMb, bootTimeoutMs: accel === 'kvm' ? 30_000 : 120_000 });
    this.log(`booted ${kernel.release} (${accel}: ${why}) in ${(this.vm.bootMs / 1000).toFixed(1)} s`);
    this.machine = {
      vm: 'qemu',
      accel,
      cpus: String(cpus),
      memory: `${memoryMb} MiB`,
      'boot-seconds': (this.vm.bootMs / 1000).toFixed(1),
      'kernel-package': kernel.package,
    };
  }

  async create(): Promise<Sandbox> {
    const vm = this.vm;
    if (!vm) throw new InfrastructureError('the qemu backend was not probed (no guest booted)');
    if (!vm.alive()) throw new InfrastructureError(`the guest is gone:\n${vm.deathReport()}`);
    const holder = vm.agent.start([...UNSHARE, 'bash', '-c', HOLDER_SCRIPT, 'holder', SANDBOX_INIT_SCRIPT], 'sandbox holder', { stdin: true });
    const scale = TIME_SCALE[vm.spec.accel];
    const ready = await waitFor(() => holder.stdout.includes('READY\n') || !holder.running, READY_TIMEOUT_MS * scale);
    const fail = async (why: string): Promise<never> => {
      vm.agent.signal(holder.id, 'SIGKILL');
      await Promise.race([holder.done, new Promise((r) => setTimeout(r, 2000))]);
      throw new InfrastructureError(`sandbox in the guest did not start: ${why}${holder.stderr ? `\n${holder.stderr.trim()}` : ''}${vm.alive() ? '' : `\n${vm.deathReport()}`}`);
    };
    if (!ready || !holder.running) return fail(holder.running ? `no READY within ${READY_TIMEOUT_MS * scale} ms` : 'its holder exited');
    const initPid = holder.pid ? await guestChildOf(vm.agent, holder.pid) : undefined;
    if (!initPid) return fail('could not find the sandbox init process');
    return new GuestSandbox(vm, holder, initPid, this.machine);
  }

  /** Runs argv in the guest itself, outside any sandbox (the benchmark's raw replay). */
  runInGuest(argv: string[], timeoutMs: number): Promise<CommandResult> {
    if (!this.vm?.alive()) throw new InfrastructureError('no guest running');
    return this.vm.agent.run(argv, { timeoutMs, label: argv.join(' ') });
  }

  /** The guest's QEMU process on this machine (tests kill it to play a dying guest). */
  get qemuPid(): number | undefined {
    return this.vm?.pid;
  }

  async close(): Promise<void> {
    const vm = this.vm;
    this.vm = undefined;
    await vm?.shutdown();
  }
}
