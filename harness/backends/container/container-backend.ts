// The container backend: each scenario runs in a fresh container of a locally built Debian
// image (one per release), started with testcontainers, with no network (`none`) and the
// capabilities the recipes need. The container's PID 1 is the resident executor, as in a netns
// sandbox: it takes one connection on a socket in a run folder bound in, then serves every
// command from inside, so commands cost a fork and timeouts kill whole process trees; the same
// world script builds the same outside world inside.
import { hostKernelConfigReport, type KernelConfigReport } from '../kernel-config-file.js';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { InfrastructureError } from '../../errors.js';
import { socketChannel } from '../../exec/executor/channels.js';
import { ExecutorClient } from '../../exec/executor/client.js';
import { EXECUTOR_SOURCE, EXECUTOR_START_TIMEOUT_MS } from '../../exec/executor/program.js';
import { SANDBOX_ENV } from '../../exec/process.js';
import { scriptBeside } from '../../exec/script-file.js';
import { SANDBOX_INIT_SCRIPT } from '../sandbox-init.js';
import { notPrepared, type Backend, type Sandbox } from '../backend.js';
import { missingTools, refuseUnlessReady, rootShortfall, type Shortfall } from '../required-tools.js';
import { loadHostModules, type ModuleReport } from '../kernel-modules.js';
import { ResidentSandbox } from '../resident-sandbox.js';
import { SpareSandboxes } from '../spare-sandbox.js';
import { makeRunDir } from '../run-dir.js';
import { container, DEFAULT_CAPABILITIES, type IptablesFlavour } from './container-descriptor.js';
import { ensureImage, type Distro } from './image.js';
import { LABELS, sweepLeftovers, watchForHarnessDeath } from './reaper.js';
import { DOCKER_MEMORY, DockerMemory } from './docker-memory.js';
import { DEFAULT_SANDBOX_MEMORY } from '../memory-limit.js';

// Ryuk would be pulled from a registry; this machine reaches none. Cleanup is reaper.ts's job.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';

export type { IptablesFlavour };

/** No syscall filter for unshare/mount inside. */
const SECURITY_OPTS = ['seccomp=unconfined', 'apparmor=unconfined'];

/** Makes a fresh container look like the Debian hosts the articles ran on, then inits it as every sandbox (its $1: the iptables flavour). */
const CONTAINER_INIT_SCRIPT = scriptBeside(import.meta.url, './container-init.sh') + SANDBOX_INIT_SCRIPT;

interface Started {
  getId(): string;
  stop(opts: { timeout: number; remove: boolean }): Promise<unknown>;
}

/** Where the run folder appears inside the container (then hidden under the tmpfs container-init.sh puts on /run). */
const INSIDE = '/run/netrecipes';

class ContainerSandbox extends ResidentSandbox {
  readonly backend = 'container';
  constructor(
    private readonly container: Started,
    executor: ExecutorClient,
    readonly memory: DockerMemory,
  ) {
    super(executor);
  }
  protected async teardown(): Promise<void> {
    this.executor.close();
    await this.container.stop({ timeout: 0, remove: true });
  }
}

/** A connection to the socket the container's executor listens on, once it exists. */
async function connectWhenListening(path: string, timeoutMs: number, running: () => Promise<boolean>): Promise<Socket | undefined> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const sock = await new Promise<Socket | undefined>((resolve) => {
      const s = connect(path);
      s.once('connect', () => resolve(s));
      s.once('error', () => resolve(undefined));
    });
    if (sock) return sock;
    if (!(await running())) return undefined;
    await sleep(20);
  }
  return undefined;
}

async function dockerDaemonShortfall(): Promise<Shortfall[]> {
  const info = await execa('docker', ['info', '--format', '{{.ServerVersion}}'], { reject: false, timeout: 10_000 });
  if (info.exitCode === 0) return [];
  return [
    {
      problem: `cannot reach the Docker daemon (${String(info.stderr).trim().split('\n')[0]})`,
      fix: 'start it with "dockerd &" (Debian: apt-get install -y docker.io)',
    },
  ];
}

export class ContainerBackend implements Backend {
  readonly name: string;
  private image: string | undefined;
  furnish?: (sandbox: Sandbox) => Promise<void>;
  private readonly spares = new SpareSandboxes(() => this.make(), this);
  modules: ModuleReport | undefined;
  readonly memoryLimit = DOCKER_MEMORY;
  /** Host folders every container sees read-only at the same path (share()). */
  private shared: string[] = [];

  constructor(
    readonly distro: Distro,
    readonly flavour: IptablesFlavour,
    private readonly capabilities: string[] = DEFAULT_CAPABILITIES,
    private readonly log: (line: string) => void = () => {},
    /** An image of the user's own (with the scenario tools) instead of the locally built one. */
    private readonly ownImage?: string,
  ) {
    this.name = `container:${distro}/${flavour}`;
  }

  async check(): Promise<Shortfall[]> {
    const tools = await missingTools(container.tools);
    const daemon = tools.some((t) => t.tool === 'docker') ? [] : await dockerDaemonShortfall();
    return [...daemon, ...tools, ...rootShortfall('it loads the kernel modules the scenarios name, for the containers (they share this kernel)')];
  }

  /** Sweeps containers a killed run left, then builds (or finds) the image. */
  async prepare(): Promise<void> {
    if (this.image) return;
    refuseUnlessReady(this.name, await this.check());
    const swept = await sweepLeftovers();
    if (swept) this.log(`removed ${swept} container(s) left by an earlier, killed run`);
    this.image = this.ownImage ?? (await ensureImage(this.distro, this.log));
  }

  /** This machine's kernel config: its sandboxes share this kernel. */
  kernelConfig(): Promise<KernelConfigReport> {
    return hostKernelConfigReport();
  }

  /** Loaded on this machine: containers share its kernel and may not load modules (no CAP_SYS_MODULE). */
  async loadModules(names: string[]): Promise<ModuleReport> {
    this.modules = await loadHostModules(names);
    return this.modules;
  }

  share(folders: string[]): void {
    this.shared = folders;
  }

  /** A fresh container (one made ahead while the previous scenario ran, from the second on). */
  async create(): Promise<Sandbox> {
    if (!this.image) notPrepared(this.name);
    return this.spares.take();
  }

  /** Frees the container made ahead that no scenario took. */
  async close(): Promise<void> {
    await this.spares.close();
  }

  private async make(): Promise<Sandbox> {
    watchForHarnessDeath();
    const { GenericContainer, getContainerRuntimeClient } = await import('testcontainers');
    const runDir = await makeRunDir('container');
    await writeFile(join(runDir, 'executor.py'), EXECUTOR_SOURCE);
    let started: Started;
    try {
      started = await new GenericContainer(this.image!)
        .withCommand(['python3', '-I', '-S', `${INSIDE}/executor.py`, '--init', '--harden', '--listen', `${INSIDE}/channel.sock`])
        .withEnvironment(SANDBOX_ENV)
        .withBindMounts([{ source: runDir, target: INSIDE, mode: 'rw' }, ...this.shared.map((f) => ({ source: f, target: f, mode: 'ro' as const }))])
        .withNetworkMode('none')
        .withLabels(LABELS)
        .withAddedCapabilities(...this.capabilities)
        .withSecurityOpt(...SECURITY_OPTS)
        .withStartupTimeout(30_000)
        .withResourcesQuota({ memory: DEFAULT_SANDBOX_MEMORY / 2 ** 30 }) // in GiB
        .start();
    } catch (err) {
      await rm(runDir, { recursive: true, force: true });
      throw new InfrastructureError(`docker refused to start a container from ${this.image}: ${(err as Error).message}`, { cause: err });
    }
    const id = started.getId();
    // Asked of the daemon over its socket: a `docker` process would cost 20 ms of CPU a question.
    const docker = (await getContainerRuntimeClient()).container;
    const state = async () => (await docker.inspect(docker.getById(id)).catch(() => undefined))?.State;
    const running = async () => (await state())?.Running === true;
    const logs = async () => String((await execa('docker', ['logs', '--tail', '20', id], { reject: false, all: true })).all ?? '').trim();
    let executor: ExecutorClient;
    try {
      const sock = await connectWhenListening(join(runDir, 'channel.sock'), EXECUTOR_START_TIMEOUT_MS, running);
      if (!sock) {
        const why = await logs();
        throw new InfrastructureError(`the executor in container ${id.slice(0, 12)} did not start (the image needs python3)${why ? `:\n${why}` : ''}`);
      }
      executor = await ExecutorClient.connect(socketChannel(sock), {
        timeoutMs: EXECUTOR_START_TIMEOUT_MS,
        deathReason: () => `container ${id.slice(0, 12)} is gone`,
        what: `container ${id.slice(0, 12)}`,
      });
    } catch (err) {
      await started.stop({ timeout: 0, remove: true });
      throw err;
    } finally {
      await rm(runDir, { recursive: true, force: true }); // the executor has read its program and taken its connection
    }
    const sandbox = new ContainerSandbox(started, executor, await DockerMemory.of(id, (await state())?.Pid ?? 0, DEFAULT_SANDBOX_MEMORY));
    const init = await sandbox.exec(['bash', '-c', CONTAINER_INIT_SCRIPT, 'container-init', this.flavour], { timeoutMs: 15_000, label: 'sandbox init' });
    if (init.exitCode !== 0) {
      await sandbox.close();
      throw new InfrastructureError(`preparing container ${id.slice(0, 12)} failed: ${init.stderr.trim()}`);
    }
    return sandbox;
  }
}
