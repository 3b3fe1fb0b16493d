// The embedded default backend: each sandbox is a set of fresh Linux namespaces (user, net,
// mount, pid, uts, ipc, cgroup) on this machine, whose root is an unprivileged host user with a
// file tree of its own (sandbox-root.sh). No VM, no daemon; it dies with the harness.
import { hostKernelConfigReport, type KernelConfigReport } from '../kernel-config-file.js';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InfrastructureError } from '../../errors.js';
import { ExecutorClient } from '../../exec/executor/client.js';
import { EXECUTOR_FILE, EXECUTOR_START_TIMEOUT_MS } from '../../exec/executor/program.js';
import { HeldProcess } from '../../exec/held-process.js';
import { scriptBeside } from '../../exec/script-file.js';
import { SANDBOX_INIT_SCRIPT } from '../sandbox-init.js';
import { notPrepared, type Backend, type Sandbox } from '../backend.js';
import { ResidentSandbox } from '../resident-sandbox.js';
import { SpareSandboxes } from '../spare-sandbox.js';
import { missingTools, refuseUnlessReady, rootShortfall, type Shortfall } from '../required-tools.js';
import { SANDBOX_ROOT_ID, writeIdMaps } from './id-map.js';
import { netns } from './netns-descriptor.js';
import { loadHostModules, type ModuleReport } from '../kernel-modules.js';
import { Staging } from './staging.js';
import { DEFAULT_SANDBOX_MEMORY, type MemoryLimitReport } from '../memory-limit.js';
import { SandboxCgroup, memoryCgroupSupport, memoryReport, sweepStaleCgroups, type MemoryCgroupSupport } from '../memory-cgroup.js';

/** PID 1 of every netns sandbox, here or in a guest: it makes the sandbox, then becomes its executor. */
const HOLDER_SCRIPT = scriptBeside(import.meta.url, './holder.sh');
/** Goes first in scripts that start sandbox processes: no inherited descriptor reaches a sandbox. */
const CLOSE_FDS_SCRIPT = scriptBeside(import.meta.url, '../close-fds.sh');
const SANDBOX_ROOT_SCRIPT = CLOSE_FDS_SCRIPT + scriptBeside(import.meta.url, './sandbox-root.sh');
/** A scenario's sandbox: its executor reaps what its steps leave and cannot be traced by them. */
const SCENARIO_EXECUTOR = ['--init', '--harden'];
/**
 * The holder's argv after unshare (a guest's sandboxes, the privileged sandbox). --norc: its
 * stdin is a socket (how Node makes pipes), and `bash -c` on a socket reads ~/.bashrc as if run
 * by rshd; a user's rc file (seen: one that runs `pyenv rehash` and waits on a stale lock) must
 * never run in a sandbox.
 */
export function holderArgv(name: string, executor: string, executorOptions: string[] = SCENARIO_EXECUTOR): string[] {
  return ['bash', '--norc', '-c', HOLDER_SCRIPT, 'holder', ...holderArgs(name, executor, executorOptions)];
}

/** holder.sh's arguments: the sandbox's init script and name, the executor's folder and its options. */
function holderArgs(name: string, executor: string, executorOptions: string[]): string[] {
  return [SANDBOX_INIT_SCRIPT, name, executor, ...executorOptions];
}
/** The executor's folder as a netns sandbox sees it: staging.sh compiled it once for the run; the host's root owns it. */
const STAGED_EXECUTOR = '/run/sandbox/bin/.executor';
/** The privileged sandbox of a QEMU guest (the guest is the boundary there); see holder.sh. */
export const UNSHARE = ['unshare', '--net', '--mount', '--pid', '--uts', '--ipc', '--fork', '--kill-child', '--mount-proc', '--propagation', 'private'];
/** Tasks (processes and threads) one sandbox may have at once: a fork bomb stops there. */
export const SANDBOX_PIDS_MAX = 4096;
/**
 * How long a new sandbox may take to make its user namespace. A sandbox that fails says so at
 * once (the wait ends when it exits); only a slow one waits: 8 starting together beside a busy
 * test suite on 2 cores took over 5 s once, and errored a scenario that was fine.
 */
const MAP_TIMEOUT_MS = 15_000;

/** Sandboxes need user namespaces; a machine may have them switched off. */
async function userNamespaceShortfall(): Promise<Shortfall[]> {
  const max = (await readFile('/proc/sys/user/max_user_namespaces', 'utf8').catch(() => '')).trim();
  return max === '0'
    ? [{ problem: 'needs user namespaces (user.max_user_namespaces is 0)', fix: 'allow them on this machine: sysctl user.max_user_namespaces=15000' }]
    : [];
}

class NetnsSandbox extends ResidentSandbox {
  readonly backend = 'netns';

  constructor(
    private readonly holder: HeldProcess,
    executor: ExecutorClient,
    readonly memory?: SandboxCgroup,
  ) {
    super(executor);
  }

  override alive(): boolean {
    return this.holder.running && super.alive();
  }

  /** Closing the executor's stdin ends PID 1, and with it every process and namespace inside. */
  protected async teardown(): Promise<void> {
    await this.holder.stop();
    await this.memory?.remove();
  }
}

/** Ends a holder that did not come up, then throws why, with what it said on stderr. */
async function failed(holder: HeldProcess, why: string, cgroup?: SandboxCgroup): Promise<never> {
  await holder.stop(0);
  await cgroup?.remove();
  throw new InfrastructureError(`the netns sandbox did not start: ${why}${holder.stderr ? `\n${holder.stderr}` : ''}`);
}

/** The sandbox once the executor `holder` turned into has said hello. */
async function sandboxOf(holder: HeldProcess, cgroup?: SandboxCgroup): Promise<Sandbox> {
  try {
    const executor = await ExecutorClient.connect(holder.channel(), {
      timeoutMs: EXECUTOR_START_TIMEOUT_MS,
      deathReason: () => holder.stderr,
      what: 'the netns sandbox',
    });
    return new NetnsSandbox(holder, executor, cgroup);
  } catch (err) {
    await holder.stop(0);
    await cgroup?.remove();
    throw err;
  }
}

/**
 * A sandbox of this machine's real root with its own network, mount, PID, UTS and IPC
 * namespaces and /run, on the host's files: for the harness's own machinery (the vagrant
 * backend's libvirtd and QEMU), never for a scenario's steps.
 */
export function privilegedSandbox(): Promise<Sandbox> {
  return sandboxOf(new HeldProcess([...UNSHARE, ...holderArgv('sandbox', dirname(EXECUTOR_FILE), ['--init'])]));
}

export class NetnsBackend implements Backend {
  readonly name = netns.name;
  /** Started by the first create(), after loadModules(), shared by every sandbox of the run. */
  private staging: Promise<Staging> | undefined;
  private made = 0;
  furnish?: (sandbox: Sandbox) => Promise<void>;
  private readonly spares = new SpareSandboxes(() => this.make(), this);
  modules: ModuleReport | undefined;

  /** How long each phase of starting the latest sandboxes took, in ms (newest last; `npm run bench` prints them). */
  readonly phases: Record<string, number>[] = [];

  private prepared = false;
  /** Where sandboxes' memory cgroups go, or why there are none (prepare() finds out). */
  private cgroups: MemoryCgroupSupport | undefined;
  memoryLimit: MemoryLimitReport | undefined;
  /** Host folders every sandbox sees read-only at the same path (share()). */
  private shared: string[] = [];

  share(folders: string[]): void {
    this.shared = folders.filter((f) => !f.includes('\n'));
  }

  async check(): Promise<Shortfall[]> {
    return [
      ...rootShortfall("it maps the sandboxes' root to an unprivileged user of this machine"),
      ...(await userNamespaceShortfall()),
      ...(await missingTools(netns.tools)),
    ];
  }

  /** Nothing to build (the staging area starts with the first sandbox, after loadModules()); finds where memory cgroups go. */
  async prepare(): Promise<void> {
    if (this.prepared) return;
    refuseUnlessReady(this.name, await this.check());
    this.cgroups = await memoryCgroupSupport();
    if (!('why' in this.cgroups)) await sweepStaleCgroups(this.cgroups);
    this.memoryLimit = memoryReport(this.cgroups);
    this.prepared = true;
  }

  /** This machine's kernel config: its sandboxes share this kernel. */
  kernelConfig(): Promise<KernelConfigReport> {
    return hostKernelConfigReport();
  }

  async loadModules(names: string[]): Promise<ModuleReport> {
    this.modules = await loadHostModules(names);
    return this.modules;
  }

  private stagingArea(): Promise<Staging> {
    this.staging ??= Staging.start([...(this.modules?.loaded ?? []), ...(this.modules?.present ?? [])]);
    return this.staging;
  }

  /** A fresh sandbox (one made ahead while the previous scenario ran, from the second on). */
  async create(): Promise<Sandbox> {
    if (!this.prepared) notPrepared(this.name);
    return this.spares.take();
  }

  private async make(): Promise<Sandbox> {
    const staging = await this.stagingArea();
    if (!staging.running) throw new InfrastructureError("the netns backend's staging area is gone (killed from outside?)");
    const name = `sandbox-${++this.made}`;
    const phases: Record<string, number> = {};
    let t = performance.now();
    const phase = (what: string) => {
      phases[what] = performance.now() - t;
      t = performance.now();
    };
    const holder = new HeldProcess(
      [
        ...['nsenter', `--mount=${staging.mountNs}`, '--', 'unshare', '--mount', '--propagation', 'private', '--'],
        ...[
          'bash',
          '--norc',
          '-c',
          SANDBOX_ROOT_SCRIPT,
          'sandbox-root',
          String(SANDBOX_ROOT_ID),
          String(SANDBOX_PIDS_MAX),
          this.shared.join('\n'),
          HOLDER_SCRIPT,
        ],
        ...holderArgs(name, STAGED_EXECUTOR, SCENARIO_EXECUTOR),
      ],
      { NETRECIPES_NEWROOT: '/run/sb/root' },
    );
    // sandbox-root.sh has made the user namespace and waits: map its ids, then let it go on.
    if (!(await holder.waitFor('MAP', MAP_TIMEOUT_MS))) return failed(holder, `no user namespace within ${MAP_TIMEOUT_MS} ms`);
    phase('mount namespace, file tree (tmpfs, overlay, /dev), user namespace');
    try {
      await writeIdMaps(holder.pid!);
    } catch (err) {
      return failed(holder, `could not map the sandbox's users: ${(err as Error).message}`);
    }
    phase('uid and gid maps');
    // Before the sandbox's namespaces exist: all it runs is charged to its cgroup, its cgroup namespace rooted there.
    let cgroup: SandboxCgroup | undefined;
    if (this.cgroups && !('why' in this.cgroups))
      try {
        cgroup = await SandboxCgroup.make(this.cgroups, name, holder.pid!, DEFAULT_SANDBOX_MEMORY);
      } catch (err) {
        return failed(holder, `could not give the sandbox its memory cgroup: ${(err as Error).message}`);
      }
    phase('memory cgroup');
    holder.send('go');
    const sandbox = await sandboxOf(holder, cgroup);
    phase('other namespaces, own /proc and /sys, pivot_root, executor hello');
    this.phases.push(phases);
    this.phases.splice(0, this.phases.length - 100);
    return sandbox;
  }

  async close(): Promise<void> {
    await this.spares.close();
    const staging = this.staging;
    this.staging = undefined;
    await (await staging?.catch(() => undefined))?.close();
  }
}
