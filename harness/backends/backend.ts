// One interface for every place scenarios run: a backend makes sandboxes; a sandbox runs
// commands on its "sandbox host" or in a netns inside it. The in-sandbox world is built by the
// same script on every backend (harness/world), so scenarios never care where they run.
import { InfrastructureError } from '../errors.js';
import type { CommandResult } from '../exec/command-result.js';
import type { OutputListener, SandboxProcess, TerminalHost, TerminalOptions, TerminalProcess } from '../exec/process.js';

export type { TerminalOptions };
import type { ModuleReport } from './kernel-modules.js';
import type { KernelConfigReport } from './kernel-config-file.js';
import type { Shortfall } from './required-tools.js';
import type { MemoryLimitReport, SandboxMemory } from './memory-limit.js';

/** What a report needs to say where a result came from. */
export interface SandboxInfo {
  backend: string;
  kernel: string;
  distro: string;
  iptables: string;
  tools: Record<string, string>;
  /** For VMs: accel, cpus, memory, boot time. */
  machine?: Record<string, string>;
}

export interface ExecOptions {
  timeoutMs: number;
  /** Label for the result (defaults to the script). */
  label?: string;
  /** Each chunk of output as it arrives (a selftest's result lines are timed by it). */
  onOutput?: OutputListener;
}

/**
 * A disposable sandbox host. `argv` runs inside it, as root, in the sandbox host's namespaces,
 * started by the sandbox's own resident executor (never entered from outside).
 */
export interface Sandbox extends AsyncDisposable, TerminalHost {
  readonly backend: string;
  exec(argv: string[], opts: ExecOptions): Promise<CommandResult>;
  spawn(argv: string[], label: string): SandboxProcess;
  /** `argv` on a terminal of the sandbox's own (a pty inside it): `shell`, --keep and the docs replay's sessions. */
  terminal(argv: string[], opts: TerminalOptions): TerminalProcess;
  /** False once the sandbox has died (its init exited, its container or VM is gone). */
  alive(): boolean;
  /** What a report should show when the sandbox died under a step (a VM's console log). */
  deathReport?(): string;
  /** Facts about the machine under the sandbox (a VM's accel, cpus...), for the report. */
  readonly machine?: Record<string, string>;
  /** Its memory limit, where the backend can set one (memory-limit.ts). */
  readonly memory?: SandboxMemory;
  /**
   * How many times slower than the host its commands run (an emulated guest: 4); absent, 1. Every
   * deadline the harness keeps for it is scaled by it: a step's timeout, a readiness wait, `within`.
   */
  readonly timeScale?: number;
  /** Ends every process in the sandbox and frees everything it made; safe to call twice. */
  close(): Promise<void>;
}

/** `ms` of the host's clock as a deadline for `sandbox` (scaled as its commands run slower). */
export function scaledMs(sandbox: Sandbox, ms: number): number {
  return ms * (sandbox.timeScale ?? 1);
}

/**
 * The life of a backend in a run: check() (what is missing; changes nothing), prepare() (once:
 * what every sandbox shares), loadModules() (once, before the first sandbox), create() for
 * each scenario, close().
 */
export interface Backend {
  readonly name: string;
  /**
   * Everything this machine lacks for this backend, each with its fix; empty when it can run
   * here. Only looks: builds, boots and starts nothing (doctor shows it).
   */
  check(): Promise<Shortfall[]>;
  /**
   * Makes what the run's sandboxes share (an image, a booted guest) and sweeps what a killed
   * run left. Throws InfrastructureError listing check()'s findings when it cannot run here.
   */
  prepare(): Promise<void>;
  /**
   * Loads kernel modules where the sandboxes' kernel is (this machine's, or a guest's) before
   * the first sandbox: sandboxes cannot. Called after prepare(); the report says what it did.
   */
  loadModules(names: string[]): Promise<ModuleReport>;
  /** What loadModules() found, for the requirement checks. */
  readonly modules?: ModuleReport;
  /** After prepare(): whether and how its sandboxes' memory is limited, for the run header and doctor. */
  readonly memoryLimit?: MemoryLimitReport;
  /**
   * The config of the kernel its sandboxes will run on, read before anything boots (a --kernel
   * path's or package's, this machine's): the run skips, naming the option, every scenario the
   * kernel cannot run. Absent: nothing is checked.
   */
  kernelConfig?(): Promise<KernelConfigReport>;
  /** A fresh sandbox, furnished; throws InfrastructureError when prepare() has not run. */
  create(): Promise<Sandbox>;
  /**
   * What the run gives every fresh sandbox before its first step (the steps' own commands), set
   * by the runner. create() hands sandboxes out furnished; one made ahead (spare-sandbox.ts) is
   * furnished then, off the next scenario's clock.
   */
  furnish?: (sandbox: Sandbox) => Promise<void>;
  /**
   * Host folders (the projects of kselftest steps) its sandboxes should see read-only at the same
   * path; set before the first create(). A backend without it shows them nothing.
   */
  share?(folders: string[]): void;
  /** How many sandboxes may run at once (a VM's cores); unlimited when absent. */
  readonly maxJobs?: number;
  /**
   * The host's cores this backend's machine may keep busy: an equal share of them among the guests
   * the run boots at once (a guest per kernel, counted before any is checked, so a cell skipped
   * later still counts); set before prepare(). Absent or never set: as many as it would take alone.
   */
  shareCores?(cores: number): void;
  /** Frees what prepare() made for the whole run (a booted VM); safe to call twice. */
  close?(): Promise<void>;
}

/** The error create() throws when the run skipped prepare(). */
export function notPrepared(backend: string): never {
  throw new InfrastructureError(`the ${backend} backend was not prepared: call prepare() before create()`);
}
