// A memory cgroup per netns sandbox (and the counter of a container's, which Docker makes), always made below the harness's own cgroup (read from
// /proc/self/cgroup), never elsewhere in the hierarchy: the machine's own accounting lives above
// it. cgroup v1 (a `memory` hierarchy, as on this kind of machine: memory.limit_in_bytes) and v2
// (memory.max, where the harness's cgroup hands the memory controller down) are both used; where
// neither can be, `memoryCgroupSupport()` says why and sandboxes run without a limit.
// The sandbox's first process is moved in before it makes its namespaces, so everything in the
// sandbox is charged here, tmpfs pages it writes included, and its cgroup namespace is rooted
// here. The cgroup is removed once the sandbox's processes are gone; `netrecipes-PID-*` ones a
// killed harness left behind are swept at the next start.
import { readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive, signal } from '../exec/kill-tree.js';
import { AdjustableMemory, perSandbox, type MemoryLimitReport } from './memory-limit.js';

/** The harness's own memory cgroup, where sandboxes' cgroups go. */
export interface MemoryCgroupParent {
  version: 1 | 2;
  /** Its folder in the mounted hierarchy. */
  dir: string;
}

export type MemoryCgroupSupport = MemoryCgroupParent | { why: string };

/** What the detection reads; tests give their own. */
export interface CgroupView {
  /** The text of /proc/self/cgroup. */
  selfCgroup: string;
  /** The text of /proc/self/mountinfo. */
  mountinfo: string;
}

interface Mount {
  root: string;
  point: string;
  fstype: string;
  superOptions: string[];
}

function mounts(mountinfo: string): Mount[] {
  return mountinfo
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [left, right = ''] = line.split(' - ');
      const f = left!.split(' ');
      const [fstype = '', , options = ''] = right.split(' ');
      return { root: f[3] ?? '', point: (f[4] ?? '').replace(/\\040/g, ' '), fstype, superOptions: options.split(',') };
    });
}

/** `path` of a hierarchy mounted at `m`, as a folder; undefined when the mount does not show it. */
function folderOf(m: Mount, path: string): string | undefined {
  if (m.root === '/') return join(m.point, path);
  return path === m.root || path.startsWith(`${m.root}/`) ? join(m.point, path.slice(m.root.length)) : undefined;
}

/** Where the harness's own memory cgroup is, v1 first (a hybrid machine has v2 without memory). */
export function findMemoryCgroup(view: CgroupView): { version: 1 | 2; dir: string } | { why: string } {
  const lines = view.selfCgroup.split('\n').map((l) => l.split(':'));
  const all = mounts(view.mountinfo);
  const v1 = lines.find(([, controllers]) => controllers?.split(',').includes('memory'));
  if (v1) {
    const path = v1.slice(2).join(':');
    const m = all.find((x) => x.fstype === 'cgroup' && x.superOptions.includes('memory'));
    const dir = m && folderOf(m, path);
    return dir ? { version: 1, dir } : { why: `cgroup v1's memory hierarchy (the harness is in ${path}) is not mounted where this process can see it` };
  }
  const v2 = lines.find(([id, controllers]) => id === '0' && controllers === '');
  const m = all.find((x) => x.fstype === 'cgroup2');
  const dir = v2 && m && folderOf(m, v2.slice(2).join(':'));
  return dir ? { version: 2, dir } : { why: 'no cgroup memory controller is mounted (neither cgroup v1 memory nor cgroup v2)' };
}

const words = (text: string) => text.trim().split(/\s+/);

/**
 * Whether sandboxes can get memory cgroups here, and where. For v2 the harness's cgroup must
 * offer the memory controller and hand it to its children (cgroup.subtree_control); the kernel
 * lets a cgroup do that only when it holds no process itself (or is the root).
 */
export async function memoryCgroupSupport(view?: CgroupView): Promise<MemoryCgroupSupport> {
  const found = findMemoryCgroup(
    view ?? { selfCgroup: await readFile('/proc/self/cgroup', 'utf8'), mountinfo: await readFile('/proc/self/mountinfo', 'utf8') },
  );
  if ('why' in found) return found;
  if (found.version === 2) {
    const controllers = words(await readFile(join(found.dir, 'cgroup.controllers'), 'utf8').catch(() => ''));
    if (!controllers.includes('memory'))
      return { why: `cgroup v2: the memory controller is not delegated to the harness's cgroup (${found.dir}/cgroup.controllers lacks memory)` };
    const handed = words(await readFile(join(found.dir, 'cgroup.subtree_control'), 'utf8').catch(() => ''));
    if (!handed.includes('memory')) {
      try {
        await writeFile(join(found.dir, 'cgroup.subtree_control'), '+memory');
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        const busy =
          e.code === 'EBUSY' ? ': it holds processes itself (the harness), and the kernel hands controllers down only from a cgroup without processes' : '';
        return {
          why: `cgroup v2: cannot hand the memory controller to sandboxes below ${found.dir} (${e.code ?? e.message})${busy}; run netrecipes in a cgroup whose cgroup.subtree_control has memory (a container, or a systemd unit with Delegate=yes that runs it in a leaf)`,
        };
      }
    }
  }
  try {
    const probe = join(found.dir, `netrecipes-${process.pid}-probe`);
    await mkdir(probe);
    await rmdir(probe);
  } catch (err) {
    return { why: `cannot make cgroups below the harness's cgroup ${found.dir} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  return found;
}

/** What the run header says about the limit in force (memory-limit.ts words it). */
export function memoryReport(support: MemoryCgroupSupport): MemoryLimitReport {
  return 'why' in support ? { enforced: false, how: support.why } : perSandbox(`cgroup v${support.version}, one cgroup per sandbox below ${support.dir}`);
}

/** The files of each version: the limit, the swap limit beside it, the counter of OOM kills. */
const FILES = {
  1: { limit: 'memory.limit_in_bytes', swap: 'memory.memsw.limit_in_bytes', events: 'memory.oom_control' },
  2: { limit: 'memory.max', swap: 'memory.swap.max', events: 'memory.events' },
} as const;

/**
 * How many processes the kernel has killed in the memory cgroup at `cg` for reaching its limit.
 * Read before and after every step, so read at once: a cgroup file answers in microseconds, and
 * a read through the thread pool cost a step a millisecond.
 */
export async function oomKills(cg: MemoryCgroupParent): Promise<number> {
  let text = '';
  try {
    text = readFileSync(join(cg.dir, FILES[cg.version].events), 'utf8');
  } catch {
    // the cgroup is gone with its sandbox: no kills to count
  }
  return Number(/^oom_kill (\d+)$/m.exec(text)?.[1] ?? 0);
}

/** The memory cgroup process `pid` is in (a container's init), as this process sees the hierarchy. */
export async function memoryCgroupOf(pid: number): Promise<MemoryCgroupParent | undefined> {
  const selfCgroup = await readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => undefined);
  if (selfCgroup === undefined) return undefined;
  const found = findMemoryCgroup({ selfCgroup, mountinfo: await readFile('/proc/self/mountinfo', 'utf8') });
  return 'why' in found ? undefined : found;
}

const OWNED = /^netrecipes-(\d+)-/;

/** Removes the sandbox cgroups of harnesses that are gone (killed before they could). */
export async function sweepStaleCgroups(parent: MemoryCgroupParent): Promise<void> {
  const names = await readdir(parent.dir).catch(() => []);
  await Promise.all(
    names
      .filter((n) => {
        const pid = OWNED.exec(n)?.[1];
        return pid !== undefined && Number(pid) !== process.pid && !isAlive(Number(pid));
      })
      .map((n) => rmdir(join(parent.dir, n)).catch(() => undefined)),
  );
}

/** One sandbox's memory cgroup: its limit, its OOM kills, its removal. */
export class SandboxCgroup extends AdjustableMemory {
  /** What the cgroup's files hold now: the limit, or a little more after makeRoom(). */
  private written = Number.POSITIVE_INFINITY; // a new cgroup has no limit

  private constructor(
    readonly version: 1 | 2,
    readonly dir: string,
    bytes: number,
  ) {
    super(bytes);
  }

  /** Makes the cgroup with `bytes` as its limit and moves `pid` (the sandbox's first process) into it. */
  static async make(parent: MemoryCgroupParent, name: string, pid: number, bytes: number): Promise<SandboxCgroup> {
    const dir = join(parent.dir, `netrecipes-${process.pid}-${name}`);
    await mkdir(dir);
    const cgroup = new SandboxCgroup(parent.version, dir, bytes);
    try {
      await cgroup.apply(bytes);
      await writeFile(join(dir, 'cgroup.procs'), String(pid));
    } catch (err) {
      await rmdir(dir).catch(() => undefined);
      throw err;
    }
    return cgroup;
  }

  /** The limit, and no swap beyond it (v1 counts memory+swap in memsw, which must stay >= the limit). */
  protected async apply(bytes: number): Promise<void> {
    const f = FILES[this.version];
    const write = (file: string, value: string) => writeFile(join(this.dir, file), value);
    const swap = () =>
      write(f.swap, this.version === 1 ? String(bytes) : '0').catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err; // no swap accounting on this kernel
      });
    if (this.version === 1 && bytes > this.written) await swap(); // memsw first when raising
    await write(f.limit, String(bytes));
    if (this.version === 2 || bytes <= this.written) await swap();
    this.written = bytes;
  }

  kills(): Promise<number> {
    return oomKills(this);
  }

  /**
   * Removes the cgroup once the sandbox's last process has left it. They die just after its PID 1,
   * but on a loaded machine a sandbox full of tasks takes seconds to empty, and closing it must
   * leave nothing: what is still in the cgroup after `graceMs` is the sandbox's own and is killed
   * (by pid, from cgroup.procs), then waited for.
   */
  async remove(graceMs = 1000, timeoutMs = 15_000): Promise<void> {
    const start = performance.now();
    for (;;) {
      try {
        await rmdir(this.dir);
        return;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return;
        if (code !== 'EBUSY' || performance.now() - start > timeoutMs) return; // left for the next run's sweep
        if (performance.now() - start > graceMs) await this.killAll();
        await sleep(20);
      }
    }
  }

  /** SIGKILL to every process in the cgroup (all of them the sandbox's): cgroup.kill where the kernel has it (v2, 5.14+), else by pid. */
  private async killAll(): Promise<void> {
    if (
      this.version === 2 &&
      (await writeFile(join(this.dir, 'cgroup.kill'), '1').then(
        () => true,
        () => false,
      ))
    )
      return;
    const procs = await readFile(join(this.dir, 'cgroup.procs'), 'utf8').catch(() => '');
    for (const pid of procs.split('\n').map(Number)) if (Number.isInteger(pid) && pid > 0) signal(pid, 'SIGKILL');
  }
}
