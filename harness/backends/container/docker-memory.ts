// A container's memory limit: Docker's (`--memory`), set when the container is made, changed
// with `docker update` (memory+swap set to the same: no swap beyond it) for a scenario's
// `resources.memory`. The kernel's count of OOM kills is read from the container's memory
// cgroup, found through its init's /proc/PID/cgroup (whichever cgroup version and driver).
import { execa } from 'execa';
import { InfrastructureError } from '../../errors.js';
import { memoryCgroupOf, oomKills, type MemoryCgroupParent } from '../memory-cgroup.js';
import { AdjustableMemory, perSandbox } from '../memory-limit.js';

export const DOCKER_MEMORY = perSandbox("Docker's memory limit of each container, --memory");

export class DockerMemory extends AdjustableMemory {
  private constructor(
    private readonly id: string,
    private readonly cgroup: MemoryCgroupParent | undefined,
    bytes: number,
  ) {
    super(bytes);
  }

  /** The limit of container `id` (its init: `pid`), made with `bytes`. */
  static async of(id: string, pid: number, bytes: number): Promise<DockerMemory> {
    return new DockerMemory(id, pid > 0 ? await memoryCgroupOf(pid) : undefined, bytes);
  }

  protected async apply(bytes: number): Promise<void> {
    const r = await execa('docker', ['update', '--memory', String(bytes), '--memory-swap', String(bytes), this.id], { reject: false, all: true });
    if (r.exitCode !== 0) throw new InfrastructureError(`docker could not set container ${this.id.slice(0, 12)}'s memory limit: ${String(r.all).trim()}`);
  }

  async kills(): Promise<number> {
    return this.cgroup ? oomKills(this.cgroup) : 0;
  }
}
