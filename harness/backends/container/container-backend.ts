// The container backend: each scenario runs in a fresh container of a locally built Debian
// image (one per release), started with testcontainers, with no network (`none`) and the
// capabilities the recipes need. The harness then enters it like the netns backend does, so
// commands are as cheap and timeouts kill whole process trees; the same world script builds
// the same outside world inside.
import { execa } from 'execa';
import { InfrastructureError } from '../../errors.js';
import { SANDBOX_INIT_SCRIPT } from '../sandbox-init.js';
import { notPrepared, type Backend, type Sandbox } from '../backend.js';
import { missingTools, refuseUnlessReady, rootShortfall, type Shortfall } from '../required-tools.js';
import { loadHostModules, type ModuleReport } from '../kernel-modules.js';
import { NsenterSandbox } from '../nsenter-sandbox.js';
import { DEFAULT_CAPABILITIES } from '../choices.js';
import { ensureImage, type Distro } from './image.js';
import { LABELS, sweepLeftovers, watchForHarnessDeath } from './reaper.js';

// Ryuk would be pulled from a registry; this machine reaches none. Cleanup is reaper.ts's job.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';

export type IptablesFlavour = 'nft' | 'legacy';

/** No syscall filter for unshare/mount inside. */
const SECURITY_OPTS = ['seccomp=unconfined', 'apparmor=unconfined'];

/**
 * Make the container look like the Debian hosts the articles ran on: Docker's read-only
 * /proc/sys stays (kernel.* and vm.* are the host's), its net/ subtree, the container's own
 * network namespace, is made writable for the recipes' sysctls; /run is a tmpfs (so
 * `ip netns list` orders as on a host), and the hostname resolves from /etc/hosts as Debian's
 * installer writes it (else python's http.server waits ~10 s on a DNS lookup that goes nowhere).
 */
const HOST_LIKE = `mount --bind /proc/sys/net /proc/sys/net && mount -o remount,bind,rw /proc/sys/net
mountpoint -q /run || mount -t tmpfs -o mode=755 tmpfs /run
grep -qw "$(hostname)" /etc/hosts || echo "127.0.1.1 $(hostname)" >> /etc/hosts
`;

interface Started {
  stop(opts: { timeout: number; remove: boolean }): Promise<unknown>;
}

class ContainerSandbox extends NsenterSandbox {
  readonly backend = 'container';
  constructor(
    private readonly container: Started,
    initPid: number,
  ) {
    super(initPid);
  }
  protected async teardown(): Promise<void> {
    await this.container.stop({ timeout: 0, remove: true });
  }
}

async function dockerDaemonShortfall(): Promise<Shortfall[]> {
  const info = await execa('docker', ['info', '--format', '{{.ServerVersion}}'], { reject: false, timeout: 10_000 });
  if (info.exitCode === 0) return [];
  return [{ problem: `cannot reach the Docker daemon (${String(info.stderr).trim().split('\n')[0]})`, fix: 'start it with "dockerd &" (Debian: apt-get install -y docker.io)' }];
}

export class ContainerBackend implements Backend {
  readonly name: string;
  private image: string | undefined;
  modules: ModuleReport | undefined;

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
    const tools = await missingTools({ docker: 'docker.io', nsenter: 'util-linux' });
    const daemon = tools.some((t) => t.tool === 'docker') ? [] : await dockerDaemonShortfall();
    return [...daemon, ...tools, ...rootShortfall('it enters containers with nsenter')];
  }

  /** Sweeps containers a killed run left, then builds (or finds) the image. */
  async prepare(): Promise<void> {
    if (this.image) return;
    refuseUnlessReady(this.name, await this.check());
    const swept = await sweepLeftovers();
    if (swept) this.log(`removed ${swept} container(s) left by an earlier, killed run`);
    this.image = this.ownImage ?? (await ensureImage(this.distro, this.log));
  }

  /** Containers share this machine's kernel and may not load modules (no CAP_SYS_MODULE). */
  async loadModules(names: string[]): Promise<ModuleReport> {
    this.modules = await loadHostModules(names);
    return this.modules;
  }

  async create(): Promise<Sandbox> {
    if (!this.image) notPrepared(this.name);
    watchForHarnessDeath();
    const { GenericContainer } = await import('testcontainers');
    let started;
    try {
      started = await new GenericContainer(this.image!)
        .withCommand(['sleep', 'infinity'])
        .withNetworkMode('none')
        .withLabels(LABELS)
        .withAddedCapabilities(...this.capabilities)
        .withSecurityOpt(...SECURITY_OPTS)
        .withStartupTimeout(30_000)
        .start();
    } catch (err) {
      throw new InfrastructureError(`docker refused to start a container from ${this.image}: ${(err as Error).message}`, { cause: err });
    }
    const pid = Number((await execa('docker', ['inspect', '-f', '{{.State.Pid}}', started.getId()], { reject: false })).stdout);
    if (!pid) {
      await started.stop({ timeout: 0, remove: true });
      throw new InfrastructureError(`could not find the pid of container ${started.getId()}`);
    }
    const sandbox = new ContainerSandbox(started, pid);
    const flavour =
      this.flavour === 'legacy'
        ? 'update-alternatives --quiet --set iptables /usr/sbin/iptables-legacy && update-alternatives --quiet --set ip6tables /usr/sbin/ip6tables-legacy\n'
        : 'update-alternatives --quiet --set iptables /usr/sbin/iptables-nft && update-alternatives --quiet --set ip6tables /usr/sbin/ip6tables-nft\n';
    const init = await sandbox.exec(['bash', '-c', HOST_LIKE + flavour + SANDBOX_INIT_SCRIPT], { timeoutMs: 15_000, label: 'sandbox init' });
    if (init.exitCode !== 0) {
      await sandbox.close();
      throw new InfrastructureError(`preparing container ${started.getId().slice(0, 12)} failed: ${init.stderr.trim()}`);
    }
    return sandbox;
  }
}
