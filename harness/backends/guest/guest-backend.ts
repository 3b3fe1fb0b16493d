// What the VM backends share: a guest booted once per kernel and Debian release from the cached
// kernel and that release's root image (vm/), reached only through its agent; every scenario gets its own netns sandbox inside
// that guest, made by the netns backend's holder script, whose PID 1 becomes the sandbox's own
// resident executor, as on this machine; the agent only relays its channel. So the in-sandbox
// world is the same one, on another kernel. The qemu and vagrant backends differ only in how the
// guest is started.
import type { MemoryLimitReport } from '../memory-limit.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InfrastructureError } from '../../errors.js';
import type { CommandResult } from '../../exec/command-result.js';
import { ExecutorClient } from '../../exec/executor/client.js';
import { relayChannel } from '../../exec/executor/channels.js';
import { EXECUTOR_START_TIMEOUT_MS } from '../../exec/executor/program.js';
import type { ExecutorProcess } from '../../exec/executor/started-process.js';
import { notPrepared, type Backend, type ExecOptions, type Sandbox } from '../backend.js';
import type { BackendDescriptor } from '../descriptor.js';
import { holderArgv, UNSHARE } from '../netns/netns-backend.js';
import { ResidentSandbox } from '../resident-sandbox.js';
import { SpareSandboxes } from '../spare-sandbox.js';
import { missingTools, refuseUnlessReady, rootShortfall, type Shortfall } from '../required-tools.js';
import { loadModulesArgv, parseModuleReport, type ModuleReport } from '../kernel-modules.js';
import { readKernelConfig, type KernelConfigReport } from '../kernel-config-file.js';
import { chooseAccel, type Accel } from './accel.js';
import { guestBootShortfall } from './guest-kernel-options.js';
import { connectAgent, type GuestAgent } from './guest-agent.js';
import { copyProjects } from './project-copy.js';
import { DEFAULT_GUEST_DISTRO, ensureKernel, ensureRootfs, type KernelAssets, type KernelSpec } from './vm-assets.js';
import type { Distro } from '../debian-releases.js';
import { guestInitrd } from './guest-initrd.js';
import { bootableKernel } from './vmlinux.js';
import { bootMarks, bootPhases, phasesLine, uptimeMs, type BootPhase, type BootTimeline } from './boot-phases.js';
import { inSeconds, seconds } from '../../text/duration-format.js';
import { jobsFor, tcgCpus } from '../sandbox-budget.js';

/** Under TCG every instruction is emulated: a step gets this many times its timeout. */
const TIME_SCALE: Record<Accel, number> = { kvm: 1, tcg: 4 };
/** The executor's folder in a guest: vm/guest/init.sh compiles it there once per boot, before modules-loaded. */
const GUEST_EXECUTOR = '/usr/local/lib/netrecipes';

/**
 * norandmaps and nokaslr: under TCG, address-space randomisation makes every exec translate its
 * code anew (measured: /bin/true 47 -> 10 ms, a step's nsenter+bash 140 -> 28 ms). These are
 * throw-away test guests, so the mitigations go too. The rest, as virtme-ng does, skips probing
 * what a guest without those devices never has (a PS/2 controller, more serial ports, the
 * IO-APIC timer check, the TSC watchdog, the crypto self-tests).
 */
export const KERNEL_CMDLINE =
  'console=ttyS0 quiet panic=-1 nokaslr norandmaps mitigations=off tsc=reliable no_timer_check 8250.nr_uarts=1 i8042.noaux i8042.nokbd i8042.nopnp cryptomgr.notests';

/** A running guest, however it was started. */
export interface Guest {
  readonly agent: GuestAgent;
  readonly accel: Accel;
  /** When it was started, first answered and was ready (host clock). */
  readonly timeline: BootTimeline;
  /** Everything the serial console has shown so far. */
  consoleText(): string;
  alive(): boolean;
  /** QEMU's errors and the serial console's last lines: what a report shows when the guest died. */
  deathReport(): string;
  /** Powers the guest off and frees what started it; safe to call twice. */
  shutdown(): Promise<void>;
}

/** The serial console's text so far ('' before it is written). */
export function readConsole(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The serial console's last `lines` lines. */
export function consoleTail(file: string, lines = 40): string {
  const text = readConsole(file);
  return `serial console (last ${lines} lines):\n${text.split('\n').slice(-lines).join('\n').trim() || '(empty)'}`;
}

/**
 * Connects to a booting guest's agent socket (`agent.sock` in its run folder) and waits until the
 * guest is ready: the agent answers and the guest's init has loaded the recipes' modules
 * (vm/guest/init.sh). The timeline starts at `spawnedAt`, when QEMU (or `vagrant up`) started.
 */
export async function connectGuest(
  runDir: string,
  spawnedAt: number,
  timeoutMs: number,
  deathReport: () => string,
  isUp: () => boolean,
): Promise<{ agent: GuestAgent; timeline: BootTimeline }> {
  const { agent } = await connectAgent(join(runDir, 'agent.sock'), Date.now() + timeoutMs, deathReport, isUp);
  const answeredAt = performance.now();
  const modules = await agent.run(['sh', '-c', 'while [ ! -e /run/netrecipes/modules-loaded ]; do sleep 0.05; done'], {
    timeoutMs,
    label: 'wait for the guest to load its modules',
  });
  if (modules.exitCode !== 0) throw new InfrastructureError(`the guest did not finish loading its modules:\n${deathReport()}`);
  return { agent, timeline: { spawnedAt, answeredAt, readyAt: performance.now() } };
}

class GuestSandbox extends ResidentSandbox {
  constructor(
    readonly backend: string,
    private readonly guest: Guest,
    /** The sandbox's PID 1 (its executor), started by the guest's agent, its stdio relayed. */
    private readonly holder: ExecutorProcess,
    executor: ExecutorClient,
    readonly machine: Record<string, string>,
  ) {
    super(executor);
  }

  get timeScale(): number {
    return TIME_SCALE[this.guest.accel];
  }

  override exec(argv: string[], opts: ExecOptions): Promise<CommandResult> {
    return super.exec(argv, { ...opts, timeoutMs: opts.timeoutMs * this.timeScale });
  }

  override alive(): boolean {
    return super.alive() && this.guest.alive() && this.holder.running;
  }

  deathReport(): string {
    return this.guest.alive() ? '(sandbox is gone)' : this.guest.deathReport();
  }

  /** Closing the executor's stdin ends the sandbox's PID 1, and the kernel ends everything inside. */
  protected async teardown(): Promise<void> {
    if (!this.guest.alive()) return;
    this.executor.close();
    const timer = setTimeout(() => this.holder.signal('SIGKILL'), 3000 * TIME_SCALE[this.guest.accel]);
    await this.holder.done;
    clearTimeout(timer);
  }
}

/** The kernel's own words for a death in `report` (a panic line), or that it said none. */
function consoleVerdict(report: string): string {
  return /Kernel panic[^\r\n]*/.exec(report)?.[0] ?? 'no panic line';
}

/** What a guest's own kernel, init and executor keep of its memory, not for sandboxes. */
const GUEST_OWN_MB = 256;
/** Sandboxes per virtual CPU of an emulated (TCG) guest. */
const TCG_JOBS_PER_VCPU = 2;

export interface GuestOptions {
  /** Skip the KVM probe and use this. */
  accel?: Accel;
  /** The Debian release of the guest's user space. @default 'bookworm' */
  distro?: Distro;
  /** Boot the compressed bzImage even when the kernel has a PVH entry (the bench's "before"). @default false */
  bzImage?: boolean;
  /** The guest's virtual CPUs (default 2; under TCG, no more than its share of the host's cores: tcgCpus()). */
  cpus?: number;
  /** The guest's memory (default 1024 MiB). */
  memoryMb?: number;
  log?: (line: string) => void;
}

export interface BootRequest {
  kernel: KernelAssets;
  /** What -kernel gets: the uncompressed ELF with a PVH entry when the kernel has one, else its bzImage (vmlinux.ts). */
  kernelImage: string;
  /** The kernel's initrd with our guest files appended (guest-initrd.ts). */
  initrd: string;
  rootfs: string;
  accel: Accel;
  cpus: number;
  memoryMb: number;
  bootTimeoutMs: number;
}

export abstract class GuestBackend implements Backend {
  /** "qemu:6.1", "qemu:6.1/trixie" */
  readonly name: string;
  /** The Debian release of the guest's user space. */
  readonly distro: Distro;
  /** Where the last boot's time went (boot-phases.ts). */
  bootPhases: BootPhase[] = [];
  /** The accelerator the last boot used. */
  accel: Accel | undefined;
  private readonly cpus: number;
  /** The host's cores this guest may keep busy (shareCores()). */
  private cores: number | undefined;
  private readonly memoryMb: number;
  protected guest: Guest | undefined;
  furnish?: (sandbox: Sandbox) => Promise<void>;
  private readonly spares = new SpareSandboxes(() => this.make(), this);
  private machine: Record<string, string> = {};
  modules: ModuleReport | undefined;
  memoryLimit: MemoryLimitReport | undefined;

  /** "qemu", "vagrant": what sandboxes and reports call this backend. */
  protected readonly kind: string;

  constructor(
    /** Its descriptor: its name, and the commands it needs (check()). */
    private readonly about: BackendDescriptor,
    readonly kernel: KernelSpec,
    protected readonly opts: GuestOptions = {},
  ) {
    this.kind = about.name;
    this.distro = opts.distro ?? DEFAULT_GUEST_DISTRO;
    this.name = `${this.kind}:${kernel.name}${opts.distro ? `/${opts.distro}` : ''}`;
    this.cpus = opts.cpus ?? 2;
    this.memoryMb = opts.memoryMb ?? 1024;
  }

  /**
   * Sandboxes at once in the guest. Under KVM as on the host: several per virtual CPU (they mostly
   * wait), as many as its memory holds. Under TCG every command costs several times its CPU, so
   * fewer: TCG_JOBS_PER_VCPU. Before the guest boots (the accelerator unknown), its vCPUs.
   */
  get maxJobs(): number {
    const cpus = this.vcpus;
    if (this.guest?.accel === 'kvm') return jobsFor(cpus, (this.memoryMb - GUEST_OWN_MB) * 2 ** 20).jobs;
    return this.guest ? cpus * TCG_JOBS_PER_VCPU : cpus;
  }

  shareCores(cores: number): void {
    this.cores = cores;
  }

  /** The guest's virtual CPUs: under TCG, no more than its share of the host's cores (before the accelerator is known, as asked). */
  private get vcpus(): number {
    return this.accel === 'tcg' ? tcgCpus(this.cpus, this.cores) : this.cpus;
  }

  protected log(line: string): void {
    this.opts.log?.(line);
  }

  /** Starts the guest; throws InfrastructureError with its console if it never comes up. */
  protected abstract boot(req: BootRequest): Promise<Guest>;

  async check(): Promise<Shortfall[]> {
    return [...rootShortfall('it builds images with debootstrap'), ...(await missingTools(this.about.tools))];
  }

  private assets: Promise<KernelAssets> | undefined;

  /** The kernel's boot files, fetched or unpacked once per backend (before the root image, so its config is read before anything boots). */
  private kernelAssets(): Promise<KernelAssets> {
    return (this.assets ??= ensureKernel(this.kernel, (l) => this.log(l)).catch((err: unknown) => {
      this.assets = undefined;
      throw err;
    }));
  }

  /** The config the kernel came with (a build's .config, the config-* of its package or beside its image), read before it boots. */
  async kernelConfig(): Promise<KernelConfigReport> {
    refuseUnlessReady(this.kind, await this.check());
    const kernel = await this.kernelAssets();
    const where = `${kernel.release} from ${kernel.origin}`;
    const known = { features: true, kernel: { release: kernel.release, source: kernel.origin } };
    if (!kernel.config)
      return { ...known, looked: [`what came with ${where} (a build's .config, a package's boot/config-*, config-<release> or .config beside the image)`] };
    return { ...known, config: { ...(await readKernelConfig(kernel.config)), file: `the config of ${where}` }, looked: [kernel.config] };
  }

  /** Fetches the kernel and root image if needed, then boots the guest this cell's scenarios share. */
  async prepare(): Promise<void> {
    if (this.guest?.alive()) return;
    refuseUnlessReady(this.kind, await this.check());
    const [kernel, rootfs] = await Promise.all([this.kernelAssets(), ensureRootfs(this.distro, (l) => this.log(l))]);
    const unbootable =
      kernel.config && kernel.spec.kind === 'path' ? guestBootShortfall((await readKernelConfig(kernel.config)).options, kernel.hasModules) : undefined;
    if (unbootable) throw new InfrastructureError(`the kernel ${kernel.release} (${kernel.origin}) cannot boot here: ${unbootable}`);
    const [initrd, pvhImage] = await Promise.all([guestInitrd(kernel.initrd), bootableKernel(kernel.vmlinuz)]);
    const image = this.opts.bzImage ? { path: kernel.vmlinuz, pvh: false } : pvhImage;
    const { accel, why } = this.opts.accel ? { accel: this.opts.accel, why: 'asked for' } : await chooseAccel(kernel.vmlinuz);
    this.accel = accel;
    const { memoryMb } = this;
    const cpus = this.vcpus;
    this.memoryLimit = {
      enforced: true,
      how: `the guest's ${memoryMb} MiB, shared by the sandboxes running in it (resources.memory is not applied in a guest)`,
    };
    const t0 = performance.now();
    this.guest = await this.bootOnceMoreIfItDied({
      kernel,
      kernelImage: image.path,
      initrd,
      rootfs,
      accel,
      cpus,
      memoryMb,
      bootTimeoutMs: accel === 'kvm' ? 60_000 : 180_000,
    });
    const bootMs = performance.now() - t0;
    this.bootPhases = await this.measureBoot(this.guest);
    this.log(
      `booted ${kernel.release} from ${kernel.origin} with ${this.kind} (${accel}: ${why}), ${this.distro} user space, in ${seconds(bootMs, 1)}: ${phasesLine(this.bootPhases)}`,
    );
    await copyProjects(this.guest.agent, this.shared, 60_000 * TIME_SCALE[accel]);
    this.machine = {
      vm: this.kind,
      accel,
      cpus: String(cpus),
      jobs: String(this.maxJobs),
      memory: `${memoryMb} MiB`,
      'boot-seconds': inSeconds(bootMs, 1),
      'boot-entry': image.pvh ? 'pvh vmlinux' : 'bzImage',
      'kernel-source': kernel.origin,
      ...(kernel.package ? { 'kernel-package': kernel.package } : {}),
      ...(kernel.hasModules ? {} : { 'kernel-modules': 'none (built-in features only)' }),
    };
  }

  /** The phases of the guest's boot: its console marks placed on the host's clock by one read of its uptime. */
  private async measureBoot(guest: Guest): Promise<BootPhase[]> {
    const t = performance.now();
    const r = await guest.agent.run(['cat', '/proc/uptime'], { timeoutMs: 10_000, label: 'guest uptime' });
    const readAt = (t + performance.now()) / 2;
    if (r.exitCode !== 0) return [];
    return bootPhases(guest.timeline, bootMarks(guest.consoleText()), { readAt, uptimeMs: uptimeMs(r.stdout) });
  }

  /** Host folders (kselftest projects) copied into the guest at the same path once it is up. */
  private shared: string[] = [];

  share(folders: string[]): void {
    this.shared = folders;
  }

  /**
   * An emulated guest's kernel can crash while it boots, before any scenario ran: seen once in
   * four fresh-clone test runs here, a 6.12 oops as its second vCPU came up under load. Such a
   * guest is booted once more (and says so) before the cell counts as broken.
   */
  private async bootOnceMoreIfItDied(req: BootRequest): Promise<Guest> {
    try {
      return await this.boot(req);
    } catch (err) {
      if (req.accel !== 'tcg' || !(err instanceof InfrastructureError) || !/died while booting/.test(err.message)) throw err;
      this.log(`the guest died while booting (its console: ${consoleVerdict(err.message)}); booting it once more`);
      return this.boot(req);
    }
  }

  /** The guest's root loads them (the guest is the sandboxes' kernel). */
  async loadModules(names: string[]): Promise<ModuleReport> {
    if (!this.guest) notPrepared(this.kind);
    const r = await this.guest.agent.run(loadModulesArgv(names), { timeoutMs: 60_000 * TIME_SCALE[this.guest.accel], label: 'load kernel modules' });
    this.modules = parseModuleReport(r.stdout, 'the guest');
    return this.modules;
  }

  /** A fresh sandbox in the guest (one made ahead while the previous scenario ran, from the second on). */
  async create(): Promise<Sandbox> {
    if (!this.guest) notPrepared(this.kind);
    return this.spares.take();
  }

  private async make(): Promise<Sandbox> {
    const guest = this.guest;
    if (!guest) notPrepared(this.kind);
    if (!guest.alive()) throw new InfrastructureError(`the guest is gone:\n${guest.deathReport()}`);
    const holder = guest.agent.start([...UNSHARE, ...holderArgv('sandbox', GUEST_EXECUTOR)], 'sandbox holder', { stdin: true, relay: true });
    let stderr = '';
    holder.onOutput((data, stream) => stream === 'err' && stderr.length < 64 * 1024 && (stderr += data.toString('utf8')));
    try {
      const executor = await ExecutorClient.connect(relayChannel(holder), {
        timeoutMs: EXECUTOR_START_TIMEOUT_MS * TIME_SCALE[guest.accel],
        deathReason: () => (guest.alive() ? `its executor ended${stderr.trim() ? `:\n${stderr.trim()}` : ''}` : `the guest died:\n${guest.deathReport()}`),
        what: 'the sandbox in the guest',
      });
      return new GuestSandbox(this.kind, guest, holder, executor, this.machine);
    } catch (err) {
      holder.signal('SIGKILL');
      await Promise.race([holder.done, new Promise((r) => setTimeout(r, 2000))]);
      throw err;
    }
  }

  /** Runs argv in the guest itself, outside any sandbox (the benchmark's raw replay). */
  runInGuest(argv: string[], timeoutMs: number): Promise<CommandResult> {
    if (!this.guest?.alive()) throw new InfrastructureError('no guest running');
    return this.guest.agent.run(argv, { timeoutMs, label: argv.join(' ') });
  }

  async close(): Promise<void> {
    await this.spares.close();
    const guest = this.guest;
    this.guest = undefined;
    await guest?.shutdown();
  }
}
