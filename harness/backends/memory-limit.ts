// Every sandbox has a memory limit, enforced by the kernel: a step that allocates past it, or
// fills the sandbox's tmpfs (their pages are charged to whoever writes them), has a process
// killed and fails with "memory limit (N) reached", instead of pushing the machine to its own
// OOM killer. netns: a cgroup of the sandbox's own below the harness's cgroup
// (netns/memory-cgroup.ts); container: Docker's memory limit; qemu and vagrant: the guest's RAM.
import { sizeText } from '../text/sizes.js';

/** A sandbox's limit when its scenario says none (`resources: { memory: 2GiB }` changes it). */
export const DEFAULT_SANDBOX_MEMORY = 2 ** 30;

/** A sandbox's memory limit, as the harness sees it from outside. */
export interface SandboxMemory {
  /** Bytes; the kernel kills a process of the sandbox that would go past it. */
  readonly limit: number;
  /** Changes the limit (a scenario's `resources.memory`). */
  set(bytes: number): Promise<void>;
  /** How many processes of the sandbox the kernel has killed for the limit so far. */
  kills(): Promise<number>;
  /**
   * Once the limit was reached (a full tmpfs keeps it reached): AFTER_LIMIT_ROOM more, once, so
   * that the harness's own look at the sandbox (diagnostics, topology) can run. `limit` stays.
   */
  makeRoom(): Promise<void>;
}

/** What makeRoom() adds: enough for bash, ip, iptables-save, conntrack and ss. */
const AFTER_LIMIT_ROOM = 64 * 2 ** 20;

/** `limit`, set() and makeRoom() over a backend's one way of applying a limit. */
export abstract class AdjustableMemory implements SandboxMemory {
  private roomMade = false;

  constructor(private bytes: number) {}

  get limit(): number {
    return this.bytes;
  }

  async set(bytes: number): Promise<void> {
    await this.apply(bytes);
    this.bytes = bytes;
  }

  async makeRoom(): Promise<void> {
    if (this.roomMade) return;
    this.roomMade = true;
    await this.apply(this.bytes + AFTER_LIMIT_ROOM);
  }

  /** Makes `bytes` the limit the kernel enforces. */
  protected abstract apply(bytes: number): Promise<void>;

  abstract kills(): Promise<number>;
}

/** What the run header and doctor say about the limit of a backend's sandboxes. */
export interface MemoryLimitReport {
  /** False where no limit can be set: a step can then use all of the machine's memory. */
  enforced: boolean;
  /** What the limit is and how it is enforced, or why there is none. */
  how: string;
}

/** A limit of each sandbox's own, enforced by `mechanism`. */
export const perSandbox = (mechanism: string): MemoryLimitReport => ({
  enforced: true,
  how: `${sizeText(DEFAULT_SANDBOX_MEMORY)} per sandbox unless a scenario's resources.memory says otherwise (${mechanism})`,
});

/** One line for the run header and doctor. */
export function describeMemoryLimit(r: MemoryLimitReport): string {
  return r.enforced ? `memory limit: ${r.how}` : `memory limit: none, a step can use all of this machine's memory: ${r.how}`;
}

/** What a step that hit the limit is told. */
export const memoryLimitReached = (bytes: number) => `memory limit (${sizeText(bytes)}) reached`;
